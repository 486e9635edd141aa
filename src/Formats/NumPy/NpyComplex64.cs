using System.Runtime.InteropServices;

namespace Tessera.Formats.NumPy;

/// <summary>
/// numpy's <c>complex64</c>: two single-precision floats. .NET has no such type
/// (<see cref="System.Numerics.Complex"/> is numpy's <c>complex128</c>), so this gives the typed view.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct NpyComplex64(float Real, float Imaginary);
