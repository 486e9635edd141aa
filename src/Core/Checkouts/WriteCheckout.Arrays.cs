using Tessera.Arrays;
using Tessera.Manifests;

namespace Tessera;

public sealed partial class WriteCheckout
{
    private readonly Lock[] chunkLocks = Enumerable.Range(0, 64).Select(_ => new Lock()).ToArray();

    /// <summary>Creates a chunked array (and any missing parent groups).</summary>
    public WritableArray CreateArray(string path, ArraySchema schema)
    {
        path = Names.NormalizePath(path);
        lock (this.gate)
        {
            var tree = this.WithParents(this.Staging.Tree, path);
            var node = new NodeRecord(NodeRecord.NewId(), path, NodeKind.Array, null, "{}", ManifestRef.Empty) { Array = schema };
            this.Staging.SetTree(tree.With(node));
            this.PersistLocked();
            return new WritableArray(this, node);
        }
    }

    public WritableArray Array(string path)
    {
        lock (this.gate)
        {
            return new WritableArray(this, this.Staging.Tree.GetArray(Names.NormalizePath(path)));
        }
    }

    /// <summary>The lock that serializes read-modify-write of one chunk.</summary>
    internal Lock ChunkLock(byte[] key) => this.chunkLocks[(int)((uint)KeyComparer.Instance.GetHashCode(key) % this.chunkLocks.Length)];

    internal NodeRecord CurrentNode(NodeRecord node)
    {
        lock (this.gate)
        {
            return this.Current(node);
        }
    }

    internal delegate void StoreChunk(NodeRecord node, byte[] key, byte[] chunk, byte[] fill, bool existed);

    internal void ResizeArray(string nodeId, long[] shape, StoreChunk store)
    {
        NodeRecord before, after;
        List<byte[]> stored;
        lock (this.gate)
        {
            before = this.Staging.Tree.FindById(nodeId)
                ?? throw new NotFoundException(ErrorCode.NodeNotFound, "The array was removed in this write checkout.");
            after = before with { Array = before.Array!.WithShape(shape) };
            stored = this.Repo.Manifests.Enumerate(before.Manifest).Select(e => e.Key)
                .Concat(this.Staging.ChangesFor(nodeId).Where(c => !c.Value.IsZero).Select(c => c.Key))
                .Distinct(KeyComparer.Instance).ToList();
            this.Staging.SetTree(this.Staging.Tree.With(after));
        }
        var schema = after.Array!;
        var fill = FillValue.Chunk(schema);
        foreach (var key in stored)
        {
            var coords = ChunkKeys.Decode(key);
            lock (this.ChunkLock(key))
            {
                if (this.Resolve(after, key) is not { } id)
                    continue;
                if (coords.Where((c, d) => c * schema.Chunks[d] >= shape[d]).Any())
                {
                    this.StageRemoval(after, key);
                    continue;
                }
                if (!coords.Where((c, d) => (c + 1) * schema.Chunks[d] > shape[d]).Any())
                    continue;
                // A boundary chunk: keep the part inside the new shape, reset the rest to the fill value.
                var inside = coords.Select((c, d) => Slice.Range(c * schema.Chunks[d], Math.Min((c + 1) * schema.Chunks[d], shape[d]))).ToArray();
                var sel = Selection.Resolve(schema.Shape, inside);
                var part = sel.Parts(schema.Chunks).Single();
                var block = new byte[sel.Elements * schema.DType.ItemSize()];
                ChunkCopy.FromChunk(sel, part, schema.Chunks, schema.DType.ItemSize(), this.Repo.Blobs.Read(id).Bytes.Span, block);
                var chunk = (byte[])fill.Clone();
                ChunkCopy.ToChunk(sel, part, schema.Chunks, schema.DType.ItemSize(), block, chunk);
                store(after, key, chunk, fill, existed: true);
            }
        }
        this.Flush();
    }
}
