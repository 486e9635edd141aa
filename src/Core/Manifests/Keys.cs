namespace Tessera.Manifests;

/// <summary>Encodes keys (and nested key/subkey pairs) into the order-preserving bytes manifests sort by.</summary>
internal static class Keys
{
    public static byte[] Encode(SampleKey key)
    {
        var bytes = new byte[key.EncodedLength];
        key.Encode(bytes);
        return bytes;
    }

    public static byte[] Encode(SampleKey key, SampleKey subkey)
    {
        var bytes = new byte[key.EncodedLength + subkey.EncodedLength];
        int n = key.Encode(bytes);
        subkey.Encode(bytes.AsSpan(n));
        return bytes;
    }

    /// <summary>Decodes a flat key, or a nested key with its subkey.</summary>
    public static (SampleKey Key, SampleKey? Subkey) Decode(ReadOnlySpan<byte> bytes)
    {
        int n = SampleKey.Decode(bytes, out var key);
        if (n == bytes.Length)
            return (key, null);
        int m = SampleKey.Decode(bytes[n..], out var subkey);
        if (n + m != bytes.Length)
            throw new CorruptObjectException("A manifest key has trailing bytes; verify the repository.");
        return (key, subkey);
    }

    /// <summary>
    /// The display form: <c>7</c>, <c>cat</c>, <c>7/2</c> for a nested key, <c>0/3</c> for the
    /// chunk at coordinates (0, 3) (as Zarr v3 names chunk keys).
    /// </summary>
    public static string Format(ReadOnlySpan<byte> bytes)
    {
        var parts = new List<string>(2);
        while (!bytes.IsEmpty)
        {
            int n = SampleKey.Decode(bytes, out var part);
            parts.Add(part.ToString());
            bytes = bytes[n..];
        }
        return string.Join('/', parts);
    }

    /// <summary>The encoded length of the first key in <paramref name="bytes"/> (the outer key of a nested pair).</summary>
    public static int OuterLength(ReadOnlySpan<byte> bytes) => SampleKey.Decode(bytes, out _);
}
