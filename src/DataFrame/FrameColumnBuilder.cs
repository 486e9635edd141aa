using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Analysis;

namespace Tessera.DataFrames;

/// <summary>
/// Fills the DataFrame column(s) of one Tessera column from a loader's batches: a scalar ndarray
/// column becomes one primitive column, a fixed-shape one a primitive column per element, a str
/// column a string column. <see cref="Of"/> decides (docs/training.md, "DataFrame").
/// </summary>
internal abstract class FrameColumnBuilder
{
    /// <summary>The Tessera column read.</summary>
    public abstract string Path { get; }

    /// <summary>The DataFrame column names this builder makes.</summary>
    public abstract IReadOnlyList<string> Names { get; }

    /// <summary>Copies a batch's values into rows <paramref name="offset"/> onwards.</summary>
    public abstract void Append(Batch batch, int offset);

    public abstract IEnumerable<DataFrameColumn> Build();

    /// <summary>
    /// The builder of a flat column of <paramref name="rows"/> rows (the loader that joins the
    /// columns has checked that it is one), or an error that says why there is none and what to do.
    /// </summary>
    public static FrameColumnBuilder Of(string path, string name, ColumnSchema schema, int rows)
    {
        if (schema.Kind == ColumnKind.Str)
            return new StringBuilder(path, name, rows);
        if (schema.Kind == ColumnKind.Bytes)
            throw new InvalidInputException(ErrorCode.DTypeMismatch, $"Column {path} holds bytes; no DataFrame column holds them. Read it with ColumnReader.ReadBytes or the DataLoader, or leave it out of Columns.");
        if (schema.VariableShape)
        {
            throw new InvalidInputException(ErrorCode.ShapeMismatch,
                $"Column {path} holds samples of varying shape up to {ColumnSchema.FormatShape(schema.Shape)}; a DataFrame has a fixed number of columns. Read it with the DataLoader (Batch.Variable, Padded), or store it with a fixed shape.");
        }
        int elements = checked((int)schema.ElementCount);
        string[] names = schema.Shape.Count == 0 ? [name] : [.. Enumerable.Range(0, elements).Select(i => $"{name}_{i}")];
        return schema.DType!.Value switch
        {
            DType.Bool => new PrimitiveBuilder<bool>(path, names, rows, b => b.Array<bool>(path), (n, v, l) => new BooleanDataFrameColumn(n, v, AllValid(l), l, 0)),
            DType.Int8 => new PrimitiveBuilder<sbyte>(path, names, rows, b => b.Array<sbyte>(path), (n, v, l) => new SByteDataFrameColumn(n, v, AllValid(l), l, 0)),
            DType.Int16 => new PrimitiveBuilder<short>(path, names, rows, b => b.Array<short>(path), (n, v, l) => new Int16DataFrameColumn(n, v, AllValid(l), l, 0)),
            DType.Int32 => new PrimitiveBuilder<int>(path, names, rows, b => b.Array<int>(path), (n, v, l) => new Int32DataFrameColumn(n, v, AllValid(l), l, 0)),
            DType.Int64 => new PrimitiveBuilder<long>(path, names, rows, b => b.Array<long>(path), (n, v, l) => new Int64DataFrameColumn(n, v, AllValid(l), l, 0)),
            DType.UInt8 => new PrimitiveBuilder<byte>(path, names, rows, b => b.Array<byte>(path), (n, v, l) => new ByteDataFrameColumn(n, v, AllValid(l), l, 0)),
            DType.UInt16 => new PrimitiveBuilder<ushort>(path, names, rows, b => b.Array<ushort>(path), (n, v, l) => new UInt16DataFrameColumn(n, v, AllValid(l), l, 0)),
            DType.UInt32 => new PrimitiveBuilder<uint>(path, names, rows, b => b.Array<uint>(path), (n, v, l) => new UInt32DataFrameColumn(n, v, AllValid(l), l, 0)),
            DType.UInt64 => new PrimitiveBuilder<ulong>(path, names, rows, b => b.Array<ulong>(path), (n, v, l) => new UInt64DataFrameColumn(n, v, AllValid(l), l, 0)),
            DType.Float32 => new PrimitiveBuilder<float>(path, names, rows, b => b.Array<float>(path), Singles),
            DType.Float64 => new PrimitiveBuilder<double>(path, names, rows, b => b.Array<double>(path), (n, v, l) => new DoubleDataFrameColumn(n, v, AllValid(l), l, 0)),
            // DataFrame computes nothing on Half columns; every float16 value is exactly a float32 one.
            DType.Float16 => new PrimitiveBuilder<float>(path, names, rows, b => Widen(b.Array<Half>(path)), Singles),
            var other => throw new InvalidInputException(ErrorCode.DTypeMismatch,
                $"Column {path} holds {other.Name()} samples; DataFrame has no complex column. Store the real and imaginary parts as float columns, or leave the column out of Columns."),
        };
    }

    private static DataFrameColumn Singles(string name, ReadOnlyMemory<byte> values, int length) => new SingleDataFrameColumn(name, values, AllValid(length), length, 0);

    /// <summary>An Arrow validity bitmap with every row set: Tessera columns hold no nulls.</summary>
    private static byte[] AllValid(int length)
    {
        var bits = new byte[(length + 7) / 8];
        bits.AsSpan().Fill(0xFF);
        return bits;
    }

    private static float[] Widen(Half[] values)
    {
        var widened = GC.AllocateUninitializedArray<float>(values.Length);
        System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(values, widened);
        return widened;
    }

    /// <summary>Builds a typed DataFrame column over a buffer of values (name, bytes, rows).</summary>
    private delegate DataFrameColumn ColumnOver(string name, ReadOnlyMemory<byte> values, int rows);

    /// <summary>One primitive column per element of the sample: element <c>j</c> of row <c>r</c> goes to column <c>j</c>, row <c>r</c>.</summary>
    private sealed class PrimitiveBuilder<T>(string path, string[] names, int rows, Func<Batch, T[]> read, ColumnOver make) : FrameColumnBuilder
        where T : unmanaged
    {
        private readonly byte[][] buffers = [.. names.Select(_ => new byte[checked(rows * Unsafe.SizeOf<T>())])];

        public override string Path => path;

        public override IReadOnlyList<string> Names => names;

        public override void Append(Batch batch, int offset)
        {
            var values = read(batch);
            int elements = this.buffers.Length;
            for (int j = 0; j < elements; j++)
            {
                var target = MemoryMarshal.Cast<byte, T>(this.buffers[j].AsSpan())[offset..];
                for (int r = 0; r < batch.Count; r++)
                    target[r] = values[(r * elements) + j];
            }
        }

        public override IEnumerable<DataFrameColumn> Build() => names.Select((name, j) => make(name, this.buffers[j], rows));
    }

    private sealed class StringBuilder(string path, string name, int rows) : FrameColumnBuilder
    {
        private readonly string[] values = new string[rows];

        public override string Path => path;

        public override IReadOnlyList<string> Names => [name];

        public override void Append(Batch batch, int offset) => batch.Strings(path).CopyTo(this.values, offset);

        public override IEnumerable<DataFrameColumn> Build() => [new StringDataFrameColumn(name, this.values)];
    }
}
