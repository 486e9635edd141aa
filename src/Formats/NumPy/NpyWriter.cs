namespace Tessera.Formats.NumPy;

/// <summary>Writes whole arrays as <c>.npy</c>: version 1.0 (2.0 when the header needs it), C order, little-endian.</summary>
public static class NpyWriter
{
    public static void Write(Stream stream, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        using var writer = new NpyStreamWriter(stream, array.Dtype, array.ShapeSpan, leaveOpen: true);
        writer.WriteSamples(array.Data.Span);
        writer.Complete();
    }

    public static void WriteFile(string path, NpyArray array)
    {
        using FileStream file = File.Create(path);
        Write(file, array);
    }
}
