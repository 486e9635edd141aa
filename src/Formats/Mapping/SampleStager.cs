using System.Runtime.ExceptionServices;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Mapping;

/// <summary>
/// Stages decoded samples through the engine's batch paths: fixed shapes in one
/// <see cref="WritableColumn.AddRange{T}"/> call and str/bytes in one batch call (hashed in parallel
/// by the engine, staged in key order), samples of their own shapes one by one on all cores (the
/// writer is thread-safe and hashes outside its lock).
/// </summary>
internal static class SampleStager
{
    /// <summary>Fixed-shape samples held back to back in the first <paramref name="count"/> elements of <paramref name="values"/>.</summary>
    /// <param name="dictionary">With <paramref name="codes"/>, when a reader had the values dictionary-encoded: value i is dictionary[codes[i]].</param>
    public static void AddFixed(WritableColumn column, IReadOnlyList<SampleKey> keys, Array values, int count, Array? dictionary = null, ushort[]? codes = null)
    {
        if (keys.Count > 0)
            TypedArrays.Visit(values, new AddRangeAction(column, keys, count, dictionary, codes));
    }

    /// <summary>Fixed-shape samples given as little-endian bytes; complex64, which has no CLR type, goes sample by sample.</summary>
    public static void AddFixed(WritableColumn column, IReadOnlyList<SampleKey> keys, DType dtype, ReadOnlyMemory<byte> bytes)
    {
        if (TypedArrays.HasClrType(dtype))
        {
            var values = TypedArrays.FromBytes(dtype, bytes.Span);
            AddFixed(column, keys, values, values.Length);
            return;
        }
        var shape = column.Schema.Shape.ToArray();
        int size = keys.Count == 0 ? 0 : bytes.Length / keys.Count;
        For(keys.Count, i => column.Add(keys[i], dtype, bytes.Span.Slice(i * size, size), shape));
    }

    /// <summary>Samples of their own shapes: sample i is <paramref name="shapes"/>[i] elements from element <paramref name="starts"/>[i].</summary>
    public static void AddEach(WritableColumn column, IReadOnlyList<SampleKey> keys, Array values, int[] starts, int[][] shapes) =>
        TypedArrays.Visit(values, new AddEachAction(column, keys, starts, shapes));

    /// <summary>
    /// str samples from the UTF-8 values <paramref name="first"/>.. of <paramref name="values"/>, one per
    /// key, refusing invalid UTF-8 rather than altering the text (checked here to name the row; the
    /// engine checks again); staged in key order as one batch.
    /// </summary>
    public static void AddUtf8(WritableColumn column, IReadOnlyList<SampleKey> keys, BinaryValues values, int first, Func<int, string> where)
    {
        var (data, offsets) = values.AsMemory();
        var range = offsets.Slice(first, keys.Count + 1);
        int invalid = WritableColumn.FirstInvalidUtf8(data.Span, range.Span);
        if (invalid >= 0)
            throw new InvalidFileException($"{where(invalid)} is not valid UTF-8, so it cannot be a str sample. Fix the text, or import the column as bytes.");
        column.AddStrings(keys, data, range);
    }

    /// <summary>bytes samples from the values <paramref name="first"/>.. of <paramref name="values"/>, one per key, staged in key order as one batch.</summary>
    public static void AddBytes(WritableColumn column, IReadOnlyList<SampleKey> keys, BinaryValues values, int first)
    {
        var (data, offsets) = values.AsMemory();
        column.AddBytesRange(keys, data, offsets.Slice(first, keys.Count + 1));
    }

    /// <summary><see cref="Parallel.For(int, int, Action{int})"/> that rethrows the first failure itself, not wrapped.</summary>
    public static void For(int count, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, body);
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    private sealed class AddRangeAction(WritableColumn column, IReadOnlyList<SampleKey> keys, int count, Array? dictionary, ushort[]? codes) : ITypedAction
    {
        public void Run<T>(T[] values) where T : unmanaged
        {
            if (dictionary is T[] entries && codes is not null)
                column.AddRange<T>(keys, values.AsMemory(0, count), entries, codes.AsMemory(0, count));
            else
                column.AddRange<T>(keys, values.AsMemory(0, count));
        }
    }

    private sealed class AddEachAction(WritableColumn column, IReadOnlyList<SampleKey> keys, int[] starts, int[][] shapes) : ITypedAction
    {
        public void Run<T>(T[] values) where T : unmanaged => For(keys.Count, i =>
        {
            var shape = shapes[i];
            int count = 1;
            foreach (int d in shape)
                count *= d;
            column.Add<T>(keys[i], values.AsSpan(starts[i], count), shape);
        });
    }
}
