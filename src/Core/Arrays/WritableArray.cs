using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Tessera.Arrays;

namespace Tessera;

/// <summary>
/// Writes a chunked array by slices in a <see cref="WriteCheckout"/>. A write that covers part of
/// a chunk reads, modifies and stages it under that chunk's lock, so threads writing disjoint
/// regions (even of one chunk) never lose each other's elements. Chunks left equal to the fill
/// value are not stored.
/// </summary>
public sealed class WritableArray : ArrayReader
{
    private readonly WriteCheckout writer;
    private readonly string id;

    internal WritableArray(WriteCheckout writer, NodeRecord node)
        : base(writer.Repo, () => writer.CurrentNode(node), writer.Resolve)
    {
        this.writer = writer;
        this.id = node.Id;
    }

    /// <summary>Writes <paramref name="data"/> (C order, the selection's shape) into the selection.</summary>
    public void Write<T>(ReadOnlyMemory<T> data, params Slice[] selection) where T : unmanaged
    {
        var node = this.Node;
        CheckType<T>(node.Array!);
        this.WriteFrom(node, data.Length, () => MemoryMarshal.AsBytes(data.Span), selection);
    }

    /// <summary>
    /// Writes raw elements of the array's dtype (C order, little-endian, the selection's shape):
    /// the form for callers that know the dtype only at run time, complex64 included.
    /// </summary>
    public void WriteBytes(ReadOnlyMemory<byte> data, params Slice[] selection)
    {
        var node = this.Node;
        int itemSize = node.Array!.DType.ItemSize();
        if (data.Length % itemSize != 0)
            throw new InvalidInputException(ErrorCode.ShapeMismatch, $"{data.Length} bytes are not whole {node.Array.DType.Name()} elements ({itemSize} bytes each).");
        this.WriteFrom(node, data.Length / itemSize, () => data.Span, selection);
    }

    public void Write<T>(T[] data, params Slice[] selection) where T : unmanaged => this.Write<T>(data.AsMemory(), selection);

    /// <summary>Writes a tensor into the selection (its element count must match).</summary>
    public void Write<T>(Tensor<T> data, params Slice[] selection) where T : unmanaged
    {
        var flat = new T[data.FlattenedLength];
        data.FlattenTo(flat);
        this.Write<T>(flat.AsMemory(), selection);
    }

    /// <summary>
    /// Changes the shape (same rank). Shrinking drops the chunks outside and resets the cut-off
    /// part of boundary chunks to the fill value; growing shows the fill value. Lands in the next
    /// commit together with any writes.
    /// </summary>
    public void Resize(params long[] shape) => this.writer.ResizeArray(this.id, shape, this.Store);

    private delegate ReadOnlySpan<byte> SourceBytes();

    private void WriteFrom(NodeRecord node, long elements, SourceBytes data, Slice[] selection)
    {
        var schema = node.Array!;
        var sel = Selection.Resolve(schema.Shape, selection);
        if (sel.Elements != elements)
        {
            throw new InvalidInputException(ErrorCode.ShapeMismatch,
                $"{elements} elements do not fill the selection of shape ({string.Join(", ", sel.Count)}) ({sel.Elements} elements).");
        }
        var fill = FillValue.Chunk(schema);
        int itemSize = schema.DType.ItemSize();
        Parallel.ForEach(sel.Parts(schema.Chunks), part =>
        {
            var key = ChunkKeys.Encode(part.Coords);
            lock (this.writer.ChunkLock(key))
            {
                var existing = this.writer.Resolve(node, key);
                byte[] chunk;
                if (sel.CoversChunk(part, schema.Chunks, schema.Shape))
                    chunk = IsEdge(part.Coords, schema) ? (byte[])fill.Clone() : GC.AllocateUninitializedArray<byte>(fill.Length);
                else
                    chunk = existing is { } old ? this.Repo.Blobs.Read(old).Bytes.ToArray() : (byte[])fill.Clone();
                ChunkCopy.ToChunk(sel, part, schema.Chunks, itemSize, data(), chunk);
                this.Store(node, key, chunk, fill, existing is not null);
            }
        });
        this.writer.Flush();
    }

    private void Store(NodeRecord node, byte[] key, byte[] chunk, byte[] fill, bool existed)
    {
        var schema = node.Array!;
        if (chunk.AsSpan().SequenceEqual(fill))
        {
            if (existed)
                this.writer.StageRemoval(node, key);
            return;
        }
        this.writer.StageSample(node, key, ColumnKind.NDArray, schema.DType, schema.Chunks.ToArray(), chunk);
    }

    private static bool IsEdge(long[] coords, ArraySchema schema) =>
        coords.Where((c, d) => (c + 1) * schema.Chunks[d] > schema.Shape[d]).Any();
}
