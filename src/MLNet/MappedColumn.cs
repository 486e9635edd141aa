using Microsoft.ML;
using Microsoft.ML.Data;

namespace Tessera.MLNet;

/// <summary>
/// One column of a <see cref="TesseraDataView"/>: its IDataView name and type, and how a cursor
/// takes a row's value out of a loader's <see cref="Batch"/>. <see cref="Of"/> decides the mapping
/// (docs/training.md, "ML.NET").
/// </summary>
internal abstract class MappedColumn(string name, DataViewType type)
{
    public string Name { get; } = name;

    public DataViewType Type { get; } = type;

    /// <summary>The Tessera column read, or null for the key column.</summary>
    public abstract string? Path { get; }

    /// <summary>A reader of this column for one cursor.</summary>
    public abstract ColumnCursor Open();

    /// <summary>
    /// The mapping of a flat column (the loader that joins the columns has checked that it is
    /// one), or an error that says why there is none and what to do.
    /// </summary>
    public static MappedColumn Of(string path, string name, ColumnSchema schema)
    {
        switch (schema.Kind)
        {
            case ColumnKind.Str:
                return new TextColumn(path, name);
            case ColumnKind.Bytes:
                return new VariableColumn<byte>(path, name, NumberDataViewType.Byte, batch => [.. batch.Bytes(path).Select(b => (ReadOnlyMemory<byte>)b)]);
        }
        var dtype = schema.DType!.Value;
        if (schema.VariableShape && schema.Shape.Count != 1)
        {
            throw new InvalidInputException(ErrorCode.ShapeMismatch,
                $"Column {path} holds samples of varying shape up to {ColumnSchema.FormatShape(schema.Shape)}; ML.NET's vectors of unknown size have one dimension. Read it with the DataLoader (Batch.Variable, Padded), or store it with a fixed shape.");
        }
        IElementFactory factory = schema.VariableShape ? new VariableFactory(path, name) : new FixedFactory(path, name, [.. schema.Shape]);
        return dtype switch
        {
            DType.Bool => factory.Create<bool>(BooleanDataViewType.Instance),
            DType.Int8 => factory.Create<sbyte>(NumberDataViewType.SByte),
            DType.Int16 => factory.Create<short>(NumberDataViewType.Int16),
            DType.Int32 => factory.Create<int>(NumberDataViewType.Int32),
            DType.Int64 => factory.Create<long>(NumberDataViewType.Int64),
            DType.UInt8 => factory.Create<byte>(NumberDataViewType.Byte),
            DType.UInt16 => factory.Create<ushort>(NumberDataViewType.UInt16),
            DType.UInt32 => factory.Create<uint>(NumberDataViewType.UInt32),
            DType.UInt64 => factory.Create<ulong>(NumberDataViewType.UInt64),
            DType.Float32 => factory.Create<float>(NumberDataViewType.Single),
            DType.Float64 => factory.Create<double>(NumberDataViewType.Double),
            // ML.NET has no 16-bit float: every float16 value is exactly a float32 one.
            DType.Float16 => factory.CreateWidened(),
            _ => throw new InvalidInputException(ErrorCode.DTypeMismatch,
                $"Column {path} holds {dtype.Name()} samples; ML.NET has no complex type. Store the real and imaginary parts as float columns, or leave the column out of Columns."),
        };
    }

    /// <summary>Makes the column for an element type known only at run time.</summary>
    private interface IElementFactory
    {
        MappedColumn Create<T>(PrimitiveDataViewType type) where T : unmanaged;

        /// <summary>A float16 column, shown as Single.</summary>
        MappedColumn CreateWidened();
    }

    private sealed class FixedFactory(string path, string name, int[] shape) : IElementFactory
    {
        public MappedColumn Create<T>(PrimitiveDataViewType type) where T : unmanaged =>
            new FixedColumn<T>(path, name, type, shape, batch => batch.Array<T>(path));

        public MappedColumn CreateWidened() =>
            new FixedColumn<float>(path, name, NumberDataViewType.Single, shape, batch => Widen(batch.Array<Half>(path)));
    }

    private sealed class VariableFactory(string path, string name) : IElementFactory
    {
        public MappedColumn Create<T>(PrimitiveDataViewType type) where T : unmanaged =>
            new VariableColumn<T>(path, name, type, batch => Rows(batch.Variable<T>(path), v => v));

        public MappedColumn CreateWidened() =>
            new VariableColumn<float>(path, name, NumberDataViewType.Single, batch => Rows(batch.Variable<Half>(path), Widen));
    }

    private static ReadOnlyMemory<TOut>[] Rows<T, TOut>(VariableBatch<T> batch, Func<T[], TOut[]> convert) where T : unmanaged
    {
        var values = convert(batch.Values);
        var rows = new ReadOnlyMemory<TOut>[batch.Count];
        for (int i = 0; i < rows.Length; i++)
            rows[i] = values.AsMemory((int)batch.Offsets[i], (int)(batch.Offsets[i + 1] - batch.Offsets[i]));
        return rows;
    }

    private static float[] Widen(Half[] values)
    {
        var widened = GC.AllocateUninitializedArray<float>(values.Length);
        System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(values, widened);
        return widened;
    }
}

/// <summary>A column as one cursor reads it: the current batch's values, and a getter for a row of it.</summary>
internal abstract class ColumnCursor
{
    public abstract void Load(Batch batch);

    /// <summary>A <see cref="ValueGetter{TValue}"/> of the column's type for the row <paramref name="row"/> gives.</summary>
    public abstract Delegate Getter(Func<int> row);
}
