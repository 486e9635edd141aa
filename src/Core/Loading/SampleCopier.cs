using System.Runtime.InteropServices;
using Tessera.Storage;

namespace Tessera.Loading;

/// <summary>
/// Copies samples, given by id, into caller memory: fixed-shape ones back to back with no
/// per-sample allocation (many in parallel), others with their shapes. Every sample is checked as a
/// single read checks it (CRC, header); an absent one fails with <see cref="ErrorCode.MissingObject"/>.
/// </summary>
internal static class SampleCopier
{
    /// <summary>Below this many bytes a batch is copied on one thread: the hand-off would cost more.</summary>
    private const long ParallelBytes = 4 << 20;

    /// <summary>
    /// The samples of a fixed-shape ndarray column, in order, into <paramref name="destination"/>
    /// (exactly their bytes); a <paramref name="scan"/> reads runs without caching them.
    /// </summary>
    public static void CopyFixed(BlobStore blobs, ColumnSchema schema, ReadOnlyMemory<ObjectId> ids, Span<byte> destination, bool scan = false)
    {
        var header = BlobFormat.Header(ColumnKind.NDArray, schema.DType, schema.Shape.ToArray());
        int size = checked((int)(schema.ElementCount * schema.DType!.Value.ItemSize()));
        if (destination.Length != (long)ids.Length * size)
            throw new InvalidInputException(ErrorCode.ShapeMismatch, $"{destination.Length} bytes do not hold {ids.Length} samples of {size} bytes.");
        if (destination.Length < ParallelBytes)
        {
            blobs.Fixed.Copy(ids.Span, header, destination, size, scan);
            return;
        }
        // Large reads: one contiguous range of samples per core.
        int parts = Environment.ProcessorCount;
        int per = (ids.Length + parts - 1) / parts;
        unsafe
        {
            fixed (byte* start = destination)
            {
                nint target = (nint)start;
                Parallelism.For(parts, part =>
                {
                    int first = part * per, count = Math.Min(per, ids.Length - first);
                    if (count > 0)
                        blobs.Fixed.Copy(ids.Span.Slice(first, count), header, new Span<byte>((byte*)target + ((long)first * size), count * size), size, scan);
                });
            }
        }
    }

    /// <summary>One sample of any shape, as read (a copy of its elements).</summary>
    public static (byte[] Data, int[] Shape) CopyAny(BlobStore blobs, ObjectId id)
    {
        var sample = blobs.Read(id);
        return (sample.Bytes.ToArray(), [.. sample.Shape]);
    }

    /// <summary>The element type <typeparamref name="T"/> must be the column's dtype.</summary>
    public static void CheckType<T>(string path, ColumnSchema schema) where T : unmanaged
    {
        if (schema.Kind != ColumnKind.NDArray || schema.DType != DTypes.Of<T>())
        {
            string what = schema.DType?.Name() ?? schema.Kind.Name();
            throw new InvalidInputException(ErrorCode.DTypeMismatch, $"Column {path} holds {what} samples; they cannot be read as {typeof(T).Name}.");
        }
    }

    public static Span<byte> Bytes<T>(Span<T> span) where T : unmanaged => MemoryMarshal.AsBytes(span);
}
