namespace Tessera.Formats.NumPy;

/// <summary>Reads that turn a short stream into a format error naming what was cut off.</summary>
internal static class StreamReading
{
    public static void ReadExactly(Stream stream, Span<byte> destination, string what)
    {
        int read = stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        if (read < destination.Length)
            throw new NpyFormatException($"The .npy {what} is truncated: expected {destination.Length} bytes, found {read}.");
    }

    /// <summary>Bytes left in the stream when it can tell, so declared sizes can be checked before allocating.</summary>
    public static long? Remaining(Stream stream)
    {
        if (!stream.CanSeek)
            return null;
        return Math.Max(0, stream.Length - stream.Position);
    }
}
