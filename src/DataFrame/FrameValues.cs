using Microsoft.Data.Analysis;

namespace Tessera.DataFrames;

/// <summary>The values of one DataFrame column as Tessera takes them: a dtype (or str), the values, which rows are null.</summary>
internal abstract class FrameValues
{
    protected FrameValues(DataFrameColumn column) => this.Column = column;

    public DataFrameColumn Column { get; }

    /// <summary>The schema of a column holding one of these values per key.</summary>
    public abstract ColumnSchema Schema { get; }

    /// <summary>Stages the rows that are not null under their keys.</summary>
    public abstract long Stage(WritableColumn target, IReadOnlyList<SampleKey> keys);

    /// <summary>Writes <paramref name="columns"/> (this one first, all of this type) side by side into an array of their rows, so many rows per write.</summary>
    public abstract void WriteArray(WritableArray target, IReadOnlyList<FrameValues> columns, int rowsPerWrite);

    /// <summary>The column's values, or an error naming its type and the way out.</summary>
    public static FrameValues Of(DataFrameColumn column) => column switch
    {
        PrimitiveDataFrameColumn<bool> c => new Primitive<bool>(c),
        PrimitiveDataFrameColumn<sbyte> c => new Primitive<sbyte>(c),
        PrimitiveDataFrameColumn<short> c => new Primitive<short>(c),
        PrimitiveDataFrameColumn<int> c => new Primitive<int>(c),
        PrimitiveDataFrameColumn<long> c => new Primitive<long>(c),
        PrimitiveDataFrameColumn<byte> c => new Primitive<byte>(c),
        PrimitiveDataFrameColumn<ushort> c => new Primitive<ushort>(c),
        PrimitiveDataFrameColumn<uint> c => new Primitive<uint>(c),
        PrimitiveDataFrameColumn<ulong> c => new Primitive<ulong>(c),
        PrimitiveDataFrameColumn<Half> c => new Primitive<Half>(c),
        PrimitiveDataFrameColumn<float> c => new Primitive<float>(c),
        PrimitiveDataFrameColumn<double> c => new Primitive<double>(c),
        _ when column.DataType == typeof(string) => new Text(column),
        _ => throw new InvalidInputException(ErrorCode.DTypeMismatch,
            $"DataFrame column '{column.Name}' holds {column.DataType.Name} values, which have no Tessera dtype. Convert it to a number or string column first, or leave it out (Columns)."),
    };

    private sealed class Primitive<T>(PrimitiveDataFrameColumn<T> column) : FrameValues(column)
        where T : unmanaged
    {
        public override ColumnSchema Schema => ColumnSchema.NDArray(DTypes.Of<T>());

        public override long Stage(WritableColumn target, IReadOnlyList<SampleKey> keys)
        {
            var all = Values(column);
            if (column.NullCount == 0)
            {
                target.AddRange<T>(keys, all);
                return all.Length;
            }
            var values = new T[column.Length - column.NullCount];
            var kept = new SampleKey[values.Length];
            int n = 0;
            for (int i = 0; i < all.Length; i++)
            {
                if (column.IsValid(i))
                    (values[n], kept[n++]) = (all[i], keys[i]);
            }
            target.AddRange<T>(kept, values);
            return n;
        }

        public override void WriteArray(WritableArray target, IReadOnlyList<FrameValues> columns, int rowsPerWrite)
        {
            var sources = columns.Select(c => Values((PrimitiveDataFrameColumn<T>)c.Column)).ToArray();
            int total = sources[0].Length;
            for (int from = 0; from < total; from += rowsPerWrite)
            {
                int rows = Math.Min(rowsPerWrite, total - from);
                var block = new T[rows * sources.Length];
                for (int c = 0; c < sources.Length; c++)
                {
                    var source = sources[c].AsSpan(from, rows);
                    for (int r = 0; r < rows; r++)
                        block[(r * sources.Length) + c] = source[r];
                }
                target.Write<T>(block, Slice.Range(from, from + rows), Slice.All);
            }
        }

        /// <summary>Every value of the column, nulls as whatever the buffers hold there.</summary>
        private static T[] Values(PrimitiveDataFrameColumn<T> source)
        {
            var values = GC.AllocateUninitializedArray<T>(checked((int)source.Length));
            int at = 0;
            foreach (var buffer in source.GetReadOnlyDataBuffers())
            {
                buffer.Span.CopyTo(values.AsSpan(at));
                at += buffer.Length;
            }
            return values;
        }
    }

    private sealed class Text(DataFrameColumn column) : FrameValues(column)
    {
        public override ColumnSchema Schema => ColumnSchema.Str();

        public override long Stage(WritableColumn target, IReadOnlyList<SampleKey> keys)
        {
            var values = new List<string>();
            var kept = new List<SampleKey>();
            for (long i = 0; i < this.Column.Length; i++)
            {
                if (this.Column[i] is string value)
                {
                    values.Add(value);
                    kept.Add(keys[(int)i]);
                }
            }
            target.AddStrings(kept, values);
            return values.Count;
        }

        public override void WriteArray(WritableArray target, IReadOnlyList<FrameValues> columns, int rowsPerWrite) =>
            throw new InvalidInputException(ErrorCode.DTypeMismatch, $"DataFrame column '{this.Column.Name}' holds strings; an array holds numbers. Leave it out of Columns.");
    }
}
