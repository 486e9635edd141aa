using Tessera.Formats.NumPy;

namespace Tessera.Tool.Tests.Support;

/// <summary>Writes and reads .npy files for the tool's input and output.</summary>
public static class Npy
{
    public static void Write<T>(string path, T[] values, params long[] shape) where T : unmanaged =>
        NpyWriter.WriteFile(path, NpyArray.Create<T>(values, shape));

    /// <summary>A <c>U</c> array of strings (what numpy writes for a list of str).</summary>
    public static void Write(string path, string[] values, params long[] shape) =>
        NpyWriter.WriteFile(path, NpyArray.FromStrings(values, shape));

    public static NpyArray Read(string path) => NpyReader.ReadFile(path);
}
