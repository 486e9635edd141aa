using Tessera.History;
using Tessera.Manifests;

namespace Tessera;

public sealed partial class WriteCheckout
{
    /// <summary>
    /// The runs (<see cref="SampleRun"/>) that hold a purged sample. Such a run would keep the
    /// purged bytes alive as long as any other item of it is used, so a purge stores every other
    /// item of it as a sample of its own and rewrites each manifest that names one to the new id
    /// (same bytes, same dtype and shape); gc then deletes the run with the purged bytes in it.
    /// </summary>
    private sealed class PurgedRuns
    {
        private readonly WriteCheckout writer;
        private readonly HashSet<ObjectId> runs = [];
        private readonly HashSet<ObjectId> purged = [];
        private readonly Dictionary<ObjectId, ObjectId> replaced = [];
        private readonly Dictionary<string, List<KeyValuePair<byte[], ObjectId>>> byManifest = new(StringComparer.Ordinal);

        public PurgedRuns(WriteCheckout writer, string nodeId, List<byte[]> keys, HashSet<ObjectId> holding)
        {
            this.writer = writer;
            var repo = writer.Repo;
            foreach (var commit in holding)
            {
                var node = repo.LoadTree(repo.CommitStore.Get(commit)).FindById(nodeId)!;
                foreach (var key in keys)
                {
                    if (repo.Manifests.Lookup(node.Manifest, key) is { IsRunSample: true } item)
                    {
                        this.purged.Add(item);
                        this.runs.Add(SampleRun.RunOf(item));
                    }
                }
            }
        }

        /// <summary>True when some manifest of the commit names an item of a purged run.</summary>
        public bool Touches(Commit commit) =>
            this.runs.Count > 0 && this.writer.Repo.LoadTree(commit).Nodes.Any(n => n.HasManifest && this.Replacements(n).Count > 0);

        /// <summary>The node's entries that name an item of a purged run (other than a purged one), with the item's new id.</summary>
        public List<KeyValuePair<byte[], ObjectId>> Replacements(NodeRecord node)
        {
            if (this.runs.Count == 0)
                return [];
            string key = node.Id + " " + node.Manifest.ChainKey(node.Manifest.Deltas.Count);
            if (this.byManifest.TryGetValue(key, out var known))
                return known;
            var result = new List<KeyValuePair<byte[], ObjectId>>();
            foreach (var (entryKey, id) in this.writer.Repo.Manifests.Enumerate(node.Manifest))
            {
                if (id.IsRunSample && !this.purged.Contains(id) && this.runs.Contains(SampleRun.RunOf(id)))
                    result.Add(new(entryKey, this.Materialize(id)));
            }
            this.byManifest[key] = result;
            return result;
        }

        /// <summary>Stores an item as a sample of its own (once); its id is then the hash of its encoding.</summary>
        private ObjectId Materialize(ObjectId item)
        {
            if (this.replaced.TryGetValue(item, out var known))
                return known;
            var run = this.writer.Repo.Blobs.Runs.Get(SampleRun.RunOf(item));
            var bytes = run.Item(item).Span;
            var header = run.HeaderOf(item);
            var id = SampleHasher.Hash(header, bytes);
            // A short item (a number, a name) is its own id: nothing to store.
            if (!id.IsInlineSample && !this.writer.blobs.Has(id))
                this.writer.blobs.Append(id, header, bytes, Codec.None, Storage.BlobWriter.Checksum(header, bytes));
            this.replaced[item] = id;
            return id;
        }
    }
}
