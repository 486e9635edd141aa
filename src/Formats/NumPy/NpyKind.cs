namespace Tessera.Formats.NumPy;

/// <summary>The dtype kinds this codec supports, named after numpy's kind characters.</summary>
public enum NpyKind
{
    /// <summary>numpy <c>b</c> (<c>?</c>): one byte, 0 or 1.</summary>
    Bool,

    /// <summary>numpy <c>i</c>: two's complement integers of 1, 2, 4 or 8 bytes.</summary>
    SignedInteger,

    /// <summary>numpy <c>u</c>: unsigned integers of 1, 2, 4 or 8 bytes.</summary>
    UnsignedInteger,

    /// <summary>numpy <c>f</c>: IEEE 754 binary16, binary32 or binary64.</summary>
    Float,

    /// <summary>numpy <c>c</c>: a pair of floats (real, imaginary) of 4 or 8 bytes each.</summary>
    Complex,

    /// <summary>numpy <c>U</c>: fixed-width strings of UTF-32 code points, NUL padded.</summary>
    Unicode,

    /// <summary>numpy <c>S</c>: fixed-width byte strings, NUL padded.</summary>
    Bytes,
}
