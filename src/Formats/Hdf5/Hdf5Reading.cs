using System.Runtime.InteropServices;
using PureHDF;

namespace Tessera.Formats.Hdf5;

/// <summary>A dataset or attribute to read (PureHDF gives both a Read method, but no common interface).</summary>
internal interface IHdf5Source
{
    T Read<T>();
}

/// <summary>A dataset, or the rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> of it (axis 0).</summary>
internal sealed class DatasetSource(IH5Dataset dataset, long start = 0, long count = -1) : IHdf5Source
{
    public T Read<T>()
    {
        if (count < 0)
            return dataset.Read<T>();
        var dims = dataset.Space.Dimensions;
        ulong[] starts = [(ulong)start, .. dims.Skip(1).Select(_ => 0UL)];
        ulong[] blocks = [(ulong)count, .. dims.Skip(1)];
        // A flat memory shape, so PureHDF gives a T[] in C order rather than a multi-dimensional array; a raw
        // read (byte[] of a wider type, as for big-endian data) counts bytes.
        ulong elements = blocks.Aggregate(1UL, (a, b) => a * b) * (typeof(T) == typeof(byte[]) ? (ulong)dataset.Type.Size : 1);
        return dataset.Read<T>(fileSelection: new PureHDF.Selections.HyperslabSelection(dims.Length, starts, blocks), memoryDims: [elements]);
    }
}

internal sealed class AttributeSource(IH5Attribute attribute) : IHdf5Source
{
    public T Read<T>() => attribute.Read<T>();
}

/// <summary>Reads HDF5 values as Tessera stores them: numbers as little-endian bytes, strings as bytes or text.</summary>
internal static class Hdf5Reading
{
    /// <summary>The elements of a numeric dataset or attribute, little-endian, C order.</summary>
    public static byte[] Numbers(IHdf5Source source, DType dtype)
    {
        if (dtype.ItemSize() == 1)
            return source.Read<byte[]>();
        try
        {
            return dtype switch
            {
                DType.Int16 => Bytes(source.Read<short[]>()),
                DType.UInt16 => Bytes(source.Read<ushort[]>()),
                DType.Int32 => Bytes(source.Read<int[]>()),
                DType.UInt32 => Bytes(source.Read<uint[]>()),
                DType.Int64 => Bytes(source.Read<long[]>()),
                DType.UInt64 => Bytes(source.Read<ulong[]>()),
                DType.Float16 => Bytes(source.Read<Half[]>()),
                DType.Float32 => Bytes(source.Read<float[]>()),
                _ => Bytes(source.Read<double[]>()),
            };
        }
        catch (Exception e) when (e.Message.StartsWith("Byte order conversion", StringComparison.Ordinal))
        {
            // PureHDF 2.2 reads big-endian numbers only raw, and says so only this way; swap them here.
            var raw = source.Read<byte[]>();
            Swap(raw, dtype.ItemSize());
            return raw;
        }
    }

    /// <summary>Fixed-length strings of <paramref name="size"/> bytes each, without their trailing NULs (as NumPy's 'S' reads them).</summary>
    public static List<byte[]> FixedStrings(IHdf5Source source, int size)
    {
        var raw = source.Read<byte[]>();
        var values = new List<byte[]>(raw.Length / size);
        for (int i = 0; i < raw.Length; i += size)
            values.Add(raw.AsSpan(i, size).TrimEnd((byte)0).ToArray());
        return values;
    }

    private static byte[] Bytes<T>(T[] values) where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private static void Swap(byte[] data, int size)
    {
        var span = data.AsSpan();
        for (int i = 0; i + size <= span.Length; i += size)
            span.Slice(i, size).Reverse();
    }
}
