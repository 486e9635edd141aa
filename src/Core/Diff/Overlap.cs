using System.Runtime.InteropServices;

namespace Tessera;

/// <summary>
/// The leakage check: which samples of one key set (a column, a key range or split of it, at a
/// commit or staged) have the same content as samples of another. A sample's id is the hash of
/// its dtype, shape and bytes (format.md §3.1), so equal ids are equal contents and the check
/// reads manifests only, never sample bytes: it works in a partial clone, in time linear in the
/// samples of both sides. Sides may be views of different repositories, since ids are global.
/// </summary>
public static class Overlap
{
    public static OverlapResult Find(OverlapSide a, OverlapSide b, OverlapOptions? options = null)
    {
        options ??= new OverlapOptions();
        if (options.MaxPairs < 0)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"MaxPairs is {options.MaxPairs}; list at least 0 pairs (0: counts only).");
        var sideA = SelectedColumn.Open(a, "A");
        var sideB = SelectedColumn.Open(b, "B");

        var countsA = new Dictionary<ObjectId, int>();
        long samplesA = Count(sideA, countsA, null);
        var countsB = new Dictionary<ObjectId, int>();
        var keysB = new Dictionary<ObjectId, List<(SampleKey, SampleKey?)>>();
        long samplesB = Count(sideB, countsB, (key, subkey, id) =>
        {
            // Only B's keys of content A has are kept, and no more per content than can be listed.
            if (options.MaxPairs == 0 || !countsA.ContainsKey(id))
                return;
            ref var keys = ref CollectionsMarshal.GetValueRefOrAddDefault(keysB, id, out _);
            keys ??= [];
            if (keys.Count < options.MaxPairs)
                keys.Add((key, subkey));
        });

        long shared = 0, sharedA = 0, sharedB = 0, pairCount = 0;
        foreach (var (id, inB) in countsB)
        {
            if (!countsA.TryGetValue(id, out int inA))
                continue;
            shared++;
            sharedA += inA;
            sharedB += inB;
            pairCount += (long)inA * inB;
        }
        return new OverlapResult(
            sideA.Counts(samplesA, countsA.Count, sharedA),
            sideB.Counts(samplesB, countsB.Count, sharedB),
            shared,
            pairCount,
            shared == 0 ? [] : ListPairs(sideA, keysB, options.MaxPairs));
    }

    /// <summary>Counts each content of a side, calling <paramref name="each"/> with every selected entry; refuses a side that selects nothing.</summary>
    private static long Count(SelectedColumn side, Dictionary<ObjectId, int> counts, Action<SampleKey, SampleKey?, ObjectId>? each)
    {
        long samples = 0;
        foreach (var (key, subkey, id) in side.Entries())
        {
            samples++;
            CollectionsMarshal.GetValueRefOrAddDefault(counts, id, out _)++;
            each?.Invoke(key, subkey, id);
        }
        // An empty side shares nothing, so a check of it would pass whatever the data: a wrong range, split or path.
        if (samples == 0)
            throw new NotFoundException(ErrorCode.KeyNotFound, $"{side.Describe()} selects no samples, so nothing can be checked. Check the selection against the column's keys.").With(ErrorDetail.Path, side.Path);
        return samples;
    }

    /// <summary>The first <paramref name="max"/> pairs in A's key order, then B's: a second pass over A, stopping when enough are found.</summary>
    private static List<OverlapPair> ListPairs(SelectedColumn sideA, Dictionary<ObjectId, List<(SampleKey Key, SampleKey? Subkey)>> keysB, int max)
    {
        var pairs = new List<OverlapPair>();
        if (max == 0)
            return pairs;
        foreach (var (key, subkey, id) in sideA.Entries())
        {
            if (!keysB.TryGetValue(id, out var inB))
                continue;
            foreach (var b in inB)
            {
                pairs.Add(new OverlapPair(key, subkey, b.Key, b.Subkey, id));
                if (pairs.Count == max)
                    return pairs;
            }
        }
        return pairs;
    }

    /// <summary>A side's column and its selected keys, enumerated from the manifest as often as needed.</summary>
    private sealed class SelectedColumn
    {
        private readonly OverlapSide side;
        private readonly string name;
        private readonly ColumnSnapshot column;
        private readonly HashSet<SampleKey>? selected;

        private SelectedColumn(OverlapSide side, string name, ColumnSnapshot column, HashSet<SampleKey>? selected)
        {
            this.side = side;
            this.name = name;
            this.column = column;
            this.selected = selected;
        }

        public string Path => this.column.Path;

        public static SelectedColumn Open(OverlapSide side, string name)
        {
            var node = side.View.Node(side.Path);
            if (node.Kind != NodeKind.Column)
            {
                throw new InvalidInputException(ErrorCode.InvalidArgument,
                    $"{name}: {node.Path} is {(node.Kind == NodeKind.Array ? "an array" : "a group")}; overlap compares the samples of columns.").With(ErrorDetail.Path, node.Path).With(ErrorDetail.Wanted, "column");
            }
            var column = side.View.Column(node.Path);
            var selected = side.Keys == KeySelection.All ? null
                : side.Keys.Apply(DistinctKeys(column), side.View, node.Path).ToHashSet();
            return new SelectedColumn(side, name, column, selected);
        }

        public IEnumerable<(SampleKey Key, SampleKey? Subkey, ObjectId Id)> Entries() =>
            this.selected is { } keys ? this.column.Entries().Where(e => keys.Contains(e.Key)) : this.column.Entries();

        public OverlapSideCounts Counts(long samples, long contents, long shared) =>
            new(this.Path, this.side.View.Commit, this.side.Keys.Description, samples, contents, shared);

        public string Describe() =>
            $"{this.name} ({this.Path} {(this.side.View.Commit is { } commit ? $"at {commit.ShortId}" : "as staged")}, keys {this.side.Keys.Description})";

        /// <summary>Each key once: a nested column lists a key with each of its subkeys, one after another.</summary>
        private static IEnumerable<SampleKey> DistinctKeys(ColumnSnapshot column)
        {
            SampleKey? previous = null;
            foreach (var (key, _, _) in column.Entries())
            {
                if (previous is { } last && last.Equals(key))
                    continue;
                previous = key;
                yield return key;
            }
        }
    }
}
