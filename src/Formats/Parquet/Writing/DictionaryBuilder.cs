using System.Runtime.InteropServices;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Parquet.Writing;

/// <summary>
/// Builds a column chunk's dictionary: distinct values in first-seen order and one index per
/// value. Floating-point values are keyed by their bits, so -0.0 and each NaN payload are kept exactly.
/// </summary>
internal sealed class DictionaryBuilder
{
    private DictionaryBuilder(object values, int[] indices, int count, int plainBytes)
    {
        Values = values;
        Indices = indices;
        Count = count;
        PlainBytes = plainBytes;
    }

    /// <summary>The distinct values: an array of the column's value type, or <see cref="BinaryValues"/>.</summary>
    public object Values { get; }
    /// <summary>Dictionary index of each input value.</summary>
    public int[] Indices { get; }
    public int Count { get; }
    public int PlainBytes { get; }

    /// <summary>Returns null when the column type has no dictionary encoding or the dictionary would exceed <paramref name="maxBytes"/>.</summary>
    public static DictionaryBuilder? TryBuild(ColumnData data, int start, int count, int maxBytes) => data.Values switch
    {
        int[] ints => Build(ints.AsSpan(start, count), v => v, 4, maxBytes),
        long[] longs => Build(longs.AsSpan(start, count), v => v, 8, maxBytes),
        float[] floats => Build(floats.AsSpan(start, count), BitConverter.SingleToInt32Bits, 4, maxBytes),
        double[] doubles => Build(doubles.AsSpan(start, count), BitConverter.DoubleToInt64Bits, 8, maxBytes),
        BinaryValues binary => BuildBinary(data, binary, start, count, maxBytes),
        _ => null,
    };

    private static DictionaryBuilder? Build<T, TKey>(ReadOnlySpan<T> values, Func<T, TKey> key, int width, int maxBytes)
        where T : unmanaged where TKey : notnull
    {
        var map = new Dictionary<TKey, int>();
        var distinct = new List<T>();
        var indices = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(map, key(values[i]), out bool exists);
            if (!exists)
            {
                if ((distinct.Count + 1L) * width > maxBytes)
                {
                    return null;
                }
                slot = distinct.Count;
                distinct.Add(values[i]);
            }
            indices[i] = slot;
        }
        return new DictionaryBuilder(distinct.ToArray(), indices, distinct.Count, distinct.Count * width);
    }

    private static DictionaryBuilder? BuildBinary(ColumnData data, BinaryValues values, int start, int count, int maxBytes)
    {
        var map = new Dictionary<ReadOnlyMemory<byte>, int>(ByteSequenceComparer.Instance);
        var distinct = new BinaryValues();
        var indices = new int[count];
        long plainBytes = 0;
        bool lengthPrefixed = data.Column.PhysicalType == PhysicalType.ByteArray;
        for (int i = 0; i < count; i++)
        {
            var value = values[start + i].ToArray();
            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(map, value, out bool exists);
            if (!exists)
            {
                plainBytes += value.Length + (lengthPrefixed ? 4 : 0);
                if (plainBytes > maxBytes)
                {
                    return null;
                }
                slot = distinct.Count;
                distinct.Add(value);
            }
            indices[i] = slot;
        }
        return new DictionaryBuilder(distinct, indices, distinct.Count, (int)plainBytes);
    }

    private sealed class ByteSequenceComparer : IEqualityComparer<ReadOnlyMemory<byte>>
    {
        public static readonly ByteSequenceComparer Instance = new();

        public bool Equals(ReadOnlyMemory<byte> x, ReadOnlyMemory<byte> y) => x.Span.SequenceEqual(y.Span);

        public int GetHashCode(ReadOnlyMemory<byte> value)
        {
            var hash = new HashCode();
            hash.AddBytes(value.Span);
            return hash.ToHashCode();
        }
    }
}
