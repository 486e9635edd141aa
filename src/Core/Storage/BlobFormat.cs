using System.Buffers.Binary;

namespace Tessera.Storage;

/// <summary>
/// The canonical encoding of a sample: a header (kind, dtype, rank, dims) padded to 8 bytes,
/// then the element bytes in C order, little-endian. The sample's id is the SHA-256 of this
/// encoding, so the same bytes under another dtype or shape are another sample.
/// </summary>
internal static class BlobFormat
{
    public static int HeaderSize(int rank) => (4 + (4 * rank) + 7) & ~7;

    public static int MaxHeaderSize => HeaderSize(ColumnSchema.MaxRank);

    public static int WriteHeader(Span<byte> dest, ColumnKind kind, DType? dtype, ReadOnlySpan<int> shape)
    {
        int size = HeaderSize(shape.Length);
        dest[..size].Clear();
        dest[0] = (byte)kind;
        dest[1] = (byte)(dtype ?? 0);
        dest[2] = (byte)shape.Length;
        for (int i = 0; i < shape.Length; i++)
            BinaryPrimitives.WriteInt32LittleEndian(dest[(4 + (4 * i))..], shape[i]);
        return size;
    }

    public static byte[] Header(ColumnKind kind, DType? dtype, ReadOnlySpan<int> shape)
    {
        var header = new byte[HeaderSize(shape.Length)];
        WriteHeader(header, kind, dtype, shape);
        return header;
    }

    /// <summary>
    /// The bytes of one element of a sample with this canonical header: a codec that shuffles bytes
    /// (<see cref="Codecs"/>) groups them by it. 1 for str and bytes samples.
    /// </summary>
    public static int ElementSize(ReadOnlySpan<byte> header) =>
        header[0] == (byte)ColumnKind.NDArray && DTypes.IsDefined(header[1]) ? ((DType)header[1]).ItemSize() : 1;

    /// <summary>Parses a header; refuses anything malformed as corruption.</summary>
    public static SampleHeader ReadHeader(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 4 || blob[0] > TextRun.BytesKind || blob[2] > ColumnSchema.MaxRank
            || (blob[0] == (byte)ColumnKind.NDArray ? !DTypes.IsDefined(blob[1]) : blob[1] != 0))
        {
            throw new CorruptObjectException("A sample header is malformed.");
        }
        if (blob[0] >= TextRun.StrKind)
            return TextRun.ReadHeader(blob);
        int rank = blob[2];
        int size = HeaderSize(rank);
        if (blob.Length < size)
            throw new CorruptObjectException("A sample header is truncated.");
        int[] shape = rank == 0 ? [] : new int[rank];
        for (int i = 0; i < rank; i++)
        {
            shape[i] = BinaryPrimitives.ReadInt32LittleEndian(blob[(4 + (4 * i))..]);
            if (shape[i] < 0)
                throw new CorruptObjectException("A sample header has a negative dimension.");
        }
        var kind = (ColumnKind)blob[0];
        DType? dtype = kind == ColumnKind.NDArray ? (DType)blob[1] : null;
        // Dimensions come from untrusted bytes: the product is capped as it grows, so it never wraps.
        long dataLength = shape.Contains(0) ? 0 : dtype?.ItemSize() ?? 1;
        foreach (int dim in shape)
        {
            dataLength *= dim;
            if (dataLength > int.MaxValue)
                throw new CorruptObjectException("A sample header claims more than 2 GiB of data.");
        }
        return new SampleHeader(kind, dtype, shape, size, (int)dataLength);
    }
}

/// <summary>A parsed sample header; <paramref name="TextRun"/> for a run of str or bytes items (<see cref="Tessera.TextRun"/>), whose <paramref name="Kind"/> is its items'.</summary>
internal readonly record struct SampleHeader(ColumnKind Kind, DType? DType, int[] Shape, int HeaderSize, int DataLength, bool TextRun = false)
{
    /// <summary>See <see cref="BlobFormat.ElementSize"/>.</summary>
    public int ElementSize => this.DType?.ItemSize() ?? 1;
}
