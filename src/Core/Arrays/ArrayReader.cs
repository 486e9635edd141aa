using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Tessera.Arrays;

namespace Tessera;

/// <summary>
/// Reads a chunked array by slices: <c>array.Read&lt;float&gt;(Slice.Range(10, 20), Slice.All)</c> is
/// numpy's <c>a[10:20, :]</c>. Unwritten regions read as the fill value. Safe to use from several threads.
/// </summary>
public class ArrayReader
{
    private readonly Func<NodeRecord> node;
    private readonly Func<NodeRecord, byte[], ObjectId?> resolve;

    internal ArrayReader(Repository repo, Func<NodeRecord> node, Func<NodeRecord, byte[], ObjectId?> resolve)
    {
        this.Repo = repo;
        this.node = node;
        this.resolve = resolve;
    }

    public string Path => this.Node.Path;

    public ArraySchema Schema => this.Node.Array!;

    public IReadOnlyList<long> Shape => this.Schema.Shape;

    internal Repository Repo { get; }

    internal NodeRecord Node => this.node();

    /// <summary>The selected elements in C order; the shape is the selection's (single indices drop their dimension).</summary>
    public T[] Read<T>(params Slice[] selection) where T : unmanaged
    {
        var node = this.Node;
        CheckType<T>(node.Array!);
        var sel = Selection.Resolve(node.Array!.Shape, selection);
        var result = GC.AllocateUninitializedArray<T>(checked((int)sel.Elements));
        this.ReadInto(node, sel, () => MemoryMarshal.AsBytes(result.AsSpan()));
        return result;
    }

    /// <summary>
    /// Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> along the
    /// first axis, as a <c>[count, ...]</c> tensor: the batched read of an array.
    /// </summary>
    public Tensor<T> ReadRows<T>(long start, long count) where T : unmanaged
    {
        if (this.Schema.Shape.Count == 0)
            throw new InvalidInputException(ErrorCode.ShapeMismatch, $"Array {this.Path} is a scalar; it has no rows.");
        if (count < 0)
            throw new InvalidInputException(ErrorCode.OutOfBounds, $"A row count is ≥ 0, not {count}.");
        var rows = Slice.Range(start, start + count);
        return Tensor.Create(this.Read<T>(rows), [.. this.SelectionShape(rows).Select(d => (nint)d)]);
    }

    /// <summary>
    /// The selected elements as raw bytes (C order, little-endian, any dtype, complex64 included);
    /// <see cref="SelectionShape"/> gives their shape.
    /// </summary>
    public byte[] ReadBytes(params Slice[] selection)
    {
        var node = this.Node;
        var sel = Selection.Resolve(node.Array!.Shape, selection);
        var result = GC.AllocateUninitializedArray<byte>(checked((int)(sel.Elements * node.Array.DType.ItemSize())));
        this.ReadInto(node, sel, () => result);
        return result;
    }

    /// <summary>The shape a read of <paramref name="selection"/> returns (single indices drop their dimension).</summary>
    public int[] SelectionShape(params Slice[] selection) => Selection.Resolve(this.Schema.Shape, selection).ResultShape;

    /// <summary>The selected elements as a tensor with the selection's shape.</summary>
    public Tensor<T> ReadTensor<T>(params Slice[] selection) where T : unmanaged
    {
        var sel = Selection.Resolve(this.Schema.Shape, selection);
        return Tensor.Create(this.Read<T>(selection), sel.ResultShape.Select(d => (nint)d).ToArray());
    }

    /// <summary>
    /// One stored chunk as a zero-copy view on the pack (full chunk shape, C order), or null when
    /// the chunk holds only the fill value and so is not stored.
    /// </summary>
    public Sample? ReadChunk(params long[] coords)
    {
        var node = this.Node;
        var grid = node.Array!.GridShape;
        if (coords.Length != grid.Length || coords.Where((c, d) => c < 0 || c >= grid[d]).Any())
            throw new InvalidInputException(ErrorCode.OutOfBounds, $"Chunk ({string.Join(", ", coords)}) is outside the chunk grid ({string.Join(", ", grid)}).");
        var id = this.resolve(node, ChunkKeys.Encode(coords));
        if (id is null)
            return null;
        var chunk = this.Repo.Blobs.Read(id.Value);
        CheckChunk(node, chunk, coords);
        return chunk;
    }

    /// <summary>The selection's block as bytes; a delegate because a span cannot cross into the parallel loop.</summary>
    internal delegate Span<byte> BlockBytes();

    private void ReadInto(NodeRecord node, Selection sel, BlockBytes block)
    {
        var schema = node.Array!;
        var fill = new Lazy<byte[]>(() => FillValue.Chunk(schema));
        int itemSize = schema.DType.ItemSize();
        Parallel.ForEach(sel.Parts(schema.Chunks), part =>
        {
            var id = this.resolve(node, ChunkKeys.Encode(part.Coords));
            if (id is null)
            {
                ChunkCopy.FromChunk(sel, part, schema.Chunks, itemSize, fill.Value, block());
                return;
            }
            var chunk = this.Repo.Blobs.Read(id.Value);
            CheckChunk(node, chunk, part.Coords);
            ChunkCopy.FromChunk(sel, part, schema.Chunks, itemSize, chunk.Bytes.Span, block());
        });
    }

    internal static void CheckType<T>(ArraySchema schema) where T : unmanaged
    {
        if (DTypes.Of<T>() != schema.DType)
            throw new InvalidInputException(ErrorCode.DTypeMismatch, $"The array holds {schema.DType.Name()}; it cannot be read or written as {typeof(T).Name}.");
    }

    internal static void CheckChunk(NodeRecord node, Sample chunk, long[] coords)
    {
        var schema = node.Array!;
        if (chunk.DType != schema.DType || !chunk.Shape.SequenceEqual(schema.Chunks))
        {
            throw new CorruptObjectException(
                $"Chunk ({string.Join(", ", coords)}) of {node.Path} is {chunk.DType?.Name()} {ColumnSchema.FormatShape(chunk.Shape)}, not the array's {schema.DType.Name()} {ColumnSchema.FormatShape(schema.Chunks)}.");
        }
    }
}
