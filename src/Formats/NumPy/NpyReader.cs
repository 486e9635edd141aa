namespace Tessera.Formats.NumPy;

/// <summary>Entry points for reading <c>.npy</c> data: whole arrays, or sample by sample through <see cref="NpyStreamReader"/>.</summary>
public static class NpyReader
{
    /// <summary>Reads a whole array from the stream's current position.</summary>
    public static NpyArray Read(Stream stream)
    {
        using NpyStreamReader reader = Open(stream, leaveOpen: true);
        return reader.ReadArray();
    }

    public static NpyArray ReadFile(string path)
    {
        using FileStream file = File.OpenRead(path);
        return Read(file);
    }

    /// <summary>Reads the header and leaves the stream at the first data byte, for reading samples.</summary>
    public static NpyStreamReader Open(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Open(stream, StreamReading.Remaining(stream), leaveOpen);
    }

    /// <param name="available">How many bytes the stream holds, when the stream itself cannot tell (e.g. a zip member).</param>
    internal static NpyStreamReader Open(Stream stream, long? available, bool leaveOpen)
    {
        try
        {
            return new NpyStreamReader(stream, available, leaveOpen);
        }
        catch when (!leaveOpen)
        {
            stream.Dispose();
            throw;
        }
    }
}
