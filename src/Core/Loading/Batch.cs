using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Tessera;

/// <summary>
/// One batch of a <see cref="DataLoader"/>: <see cref="Count"/> samples of every column, in the
/// same order as <see cref="Keys"/>. A fixed-shape column is one contiguous buffer of
/// <c>[Count, ...shape]</c> elements (<see cref="Span{T}"/>, <see cref="Array{T}"/>,
/// <see cref="Tensor{T}"/>); a variable-shape one values plus shapes (<see cref="Variable{T}"/>);
/// str and bytes columns arrays.
/// </summary>
public sealed class Batch
{
    private readonly Dictionary<string, object> columns;
    private readonly Dictionary<string, ColumnSchema> schemas;
    private bool recycled;

    internal Batch(int epoch, int index, SampleKey[] keys, Dictionary<string, object> columns, Dictionary<string, ColumnSchema> schemas)
    {
        this.Epoch = epoch;
        this.Index = index;
        this.Keys = keys;
        this.columns = columns;
        this.schemas = schemas;
    }

    public int Epoch { get; }

    /// <summary>The batch's number within its epoch (and shard), from 0.</summary>
    public int Index { get; }

    public IReadOnlyList<SampleKey> Keys { get; }

    public int Count => this.Keys.Count;

    public IReadOnlyList<string> Columns => [.. this.columns.Keys];

    /// <summary>The batch's shape in a column: <c>[Count, ...shape]</c> (the max shape for a variable-shape column).</summary>
    public IReadOnlyList<int> Shape(string column) => [this.Count, .. this.Schema(column).Shape];

    /// <summary>A fixed-shape column's samples back to back (<c>Count × elements</c>).</summary>
    public ReadOnlySpan<T> Span<T>(string column) where T : unmanaged => this.Array<T>(column);

    /// <summary>A fixed-shape column's buffer itself (<c>Count × elements</c>); it belongs to this batch.</summary>
    public T[] Array<T>(string column) where T : unmanaged
    {
        var (name, schema) = (Names.NormalizePath(column), this.Schema(column));
        Loading.SampleCopier.CheckType<T>(name, schema);
        if (schema.VariableShape)
            throw new InvalidInputException(ErrorCode.ShapeMismatch, $"Column {name} has a variable shape: its samples cannot be stacked without padding. Use Variable<T>(), and Padded(fill) on it.");
        return (T[])this.Data(name);
    }

    /// <summary>A fixed-shape column's samples as one <c>[Count, ...shape]</c> tensor over the batch's buffer.</summary>
    public Tensor<T> Tensor<T>(string column) where T : unmanaged =>
        System.Numerics.Tensors.Tensor.Create(this.Array<T>(column), [.. this.Shape(column).Select(d => (nint)d)]);

    /// <summary>An ndarray column's samples with their shapes (any column: a fixed shape too).</summary>
    public VariableBatch<T> Variable<T>(string column) where T : unmanaged
    {
        var (name, schema) = (Names.NormalizePath(column), this.Schema(column));
        Loading.SampleCopier.CheckType<T>(name, schema);
        if (!schema.VariableShape)
        {
            var values = this.Array<T>(column);
            long per = schema.ElementCount;
            var offsets = Enumerable.Range(0, this.Count + 1).Select(i => i * per).ToArray();
            return new VariableBatch<T>(values, offsets, [.. Enumerable.Repeat(schema.Shape.ToArray(), this.Count)], schema.Shape);
        }
        var samples = ((byte[] Data, int[] Shape)[])this.Data(name);
        var offsetsOf = new long[samples.Length + 1];
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        for (int i = 0; i < samples.Length; i++)
            offsetsOf[i + 1] = offsetsOf[i] + (samples[i].Data.Length / size);
        var all = new T[offsetsOf[^1]];
        for (int i = 0; i < samples.Length; i++)
            samples[i].Data.CopyTo(MemoryMarshal.AsBytes(all.AsSpan((int)offsetsOf[i])));
        return new VariableBatch<T>(all, offsetsOf, [.. samples.Select(s => s.Shape)], schema.Shape);
    }

    /// <summary>A str column's samples.</summary>
    public string[] Strings(string column) => this.Of<string[]>(column, ColumnKind.Str);

    /// <summary>A bytes column's samples.</summary>
    public byte[][] Bytes(string column) => this.Of<byte[][]>(column, ColumnKind.Bytes);

    private TValue Of<TValue>(string column, ColumnKind kind)
    {
        var schema = this.Schema(column);
        if (schema.Kind != kind)
            throw new InvalidInputException(ErrorCode.DTypeMismatch, $"Column {Names.NormalizePath(column)} holds {schema.Kind.Name()} samples, not {kind.Name()}.");
        return (TValue)this.Data(Names.NormalizePath(column));
    }

    /// <summary>Hands this batch's buffers, by column, back to the loader (<see cref="DataLoaderOptions.ReuseBuffers"/>); the batch refuses reads from then on.</summary>
    internal IReadOnlyDictionary<string, object> Recycle()
    {
        this.recycled = true;
        return this.columns;
    }

    private object Data(string name) => this.recycled
        ? throw new InvalidInputException(ErrorCode.InvalidArgument, $"Batch {this.Index} of epoch {this.Epoch} has been reused for a later batch (ReuseBuffers): copy what you keep from a batch before asking for the next one, or turn ReuseBuffers off.")
        : this.columns[name];

    private ColumnSchema Schema(string column) => this.schemas.TryGetValue(Names.NormalizePath(column), out var schema) ? schema
        : throw new NotFoundException(ErrorCode.NodeNotFound, $"The batch has no column {column}; it holds {string.Join(", ", this.columns.Keys)}.");
}
