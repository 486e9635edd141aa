using System.Text.Json.Nodes;
using Tessera.Manifests;

namespace Tessera;

/// <summary>What a three-way merge would stage on top of ours, and what conflicts.</summary>
internal sealed record MergePlan(NodeTree Tree, Dictionary<string, List<KeyValuePair<byte[], ObjectId>>> Changes, List<ConflictRecord> Conflicts);

/// <summary>
/// Three-way merge of node trees at sample granularity. It compares ids, and reads sample bytes
/// only for a key both sides changed to different ids of which one is an item of a run (see
/// <see cref="SampleRun"/>): those may hold the same sample, which is no conflict. A sample is
/// atomic: two different changes to one key conflict.
/// </summary>
internal static class MergeEngine
{
    public static MergePlan Plan(ManifestStore manifests, NodeTree baseTree, NodeTree ours, NodeTree theirs, Func<ObjectId, ObjectId, bool> sameSample)
    {
        var tree = ours;
        var changes = new Dictionary<string, List<KeyValuePair<byte[], ObjectId>>>();
        var conflicts = new List<ConflictRecord>();
        var baseById = baseTree.Nodes.ToDictionary(n => n.Id);
        var oursById = ours.Nodes.ToDictionary(n => n.Id);

        foreach (var t in theirs.Nodes)
        {
            baseById.TryGetValue(t.Id, out var b);
            oursById.TryGetValue(t.Id, out var o);
            if (b is null && o is null)
            {
                var clash = ours.Find(t.Path);
                if (clash is null)
                {
                    tree = tree.With(t);
                }
                else if (!baseById.ContainsKey(clash.Id) && clash.SameSchema(t))
                {
                    MergeSamples(manifests, ManifestRef.Empty, clash, t, changes, conflicts, sameSample);
                    tree = tree.With(clash with { Attributes = MergeAttributes("{}", clash, t, conflicts) });
                }
                else
                {
                    conflicts.Add(new ConflictRecord(t.Id, [], ConflictKind.Schema, null, null, null));
                }
                continue;
            }
            if (o is null)
            {
                if (b is not null && Changed(manifests, b, t))
                    conflicts.Add(new ConflictRecord(t.Id, [], ConflictKind.RemovedMutated, null, null, null));
                continue;
            }
            b ??= o with { Manifest = ManifestRef.Empty, Attributes = "{}" };
            var merged = o;
            if (t.Path != b.Path && o.Path != t.Path)
            {
                if (o.Path != b.Path || tree.Find(t.Path) is not null)
                {
                    conflicts.Add(new ConflictRecord(t.Id, [], ConflictKind.Schema, null, null, null));
                    continue;
                }
                tree = tree.Without(o.Path);
                merged = merged with { Path = t.Path };
            }
            if (!t.SameSchema(b) && !o.SameSchema(t))
            {
                if (!o.SameSchema(b))
                {
                    conflicts.Add(new ConflictRecord(t.Id, [], ConflictKind.Schema, null, null, null));
                    continue;
                }
                merged = merged with { Schema = t.Schema, Array = t.Array };
            }
            merged = merged with { Attributes = MergeAttributes(b.Attributes, o, t, conflicts) };
            if (t.HasManifest)
                MergeSamples(manifests, b.Manifest, o, t, changes, conflicts, sameSample);
            tree = tree.With(merged);
        }

        var theirsIds = theirs.Nodes.Select(n => n.Id).ToHashSet();
        foreach (var b in baseTree.Nodes.Where(n => !theirsIds.Contains(n.Id)))
        {
            if (!oursById.TryGetValue(b.Id, out var o))
                continue;
            if (Changed(manifests, b, o))
                conflicts.Add(new ConflictRecord(o.Id, [], ConflictKind.MutatedRemoved, null, null, null));
            else
                tree = tree.Without(o.Path);
        }
        return new MergePlan(tree, changes, conflicts);
    }

    private static void MergeSamples(ManifestStore manifests, ManifestRef baseManifest, NodeRecord o, NodeRecord t,
        Dictionary<string, List<KeyValuePair<byte[], ObjectId>>> changes, List<ConflictRecord> conflicts, Func<ObjectId, ObjectId, bool> sameSample)
    {
        var ourChanges = new Dictionary<byte[], ObjectId?>(KeyComparer.Instance);
        foreach (var (key, _, newId) in DiffEngine.Changes(manifests, baseManifest, o.Manifest, null))
            ourChanges[key] = newId;
        var staged = new List<KeyValuePair<byte[], ObjectId>>();
        foreach (var (key, oldId, theirId) in DiffEngine.Changes(manifests, baseManifest, t.Manifest, null))
        {
            if (!ourChanges.TryGetValue(key, out var ourId))
            {
                staged.Add(new(key, theirId ?? ObjectId.Zero));
                continue;
            }
            if (ourId == theirId || (ourId is { } x && theirId is { } y && sameSample(x, y)))
                continue;
            var kind = oldId is null ? ConflictKind.AddedBoth
                : ourId is null ? ConflictKind.RemovedMutated
                : theirId is null ? ConflictKind.MutatedRemoved
                : ConflictKind.MutatedBoth;
            conflicts.Add(new ConflictRecord(o.Id, key, kind, oldId, ourId, theirId));
        }
        if (staged.Count > 0)
            changes[o.Id] = staged;
    }

    /// <summary>Three-way merge of attributes, key by key; a key changed differently on both sides conflicts (ours kept meanwhile).</summary>
    private static string MergeAttributes(string baseJson, NodeRecord o, NodeRecord t, List<ConflictRecord> conflicts)
    {
        if (t.Attributes == baseJson || t.Attributes == o.Attributes)
            return o.Attributes;
        if (o.Attributes == baseJson)
            return t.Attributes;
        var b = CanonicalJson.ParseObject(baseJson);
        var ours = CanonicalJson.ParseObject(o.Attributes);
        var theirs = CanonicalJson.ParseObject(t.Attributes);
        foreach (var key in theirs.Select(p => p.Key).Union(b.Select(p => p.Key)).ToList())
        {
            bool theirsChanged = theirs.ContainsKey(key) != b.ContainsKey(key) || !JsonNode.DeepEquals(theirs[key], b[key]);
            if (!theirsChanged)
                continue;
            bool oursChanged = ours.ContainsKey(key) != b.ContainsKey(key) || !JsonNode.DeepEquals(ours[key], b[key]);
            bool same = ours.ContainsKey(key) == theirs.ContainsKey(key) && JsonNode.DeepEquals(ours[key], theirs[key]);
            if (!oursChanged)
            {
                if (theirs.ContainsKey(key))
                    ours[key] = theirs[key]?.DeepClone();
                else
                    ours.Remove(key);
            }
            else if (!same)
            {
                conflicts.Add(new ConflictRecord(o.Id, System.Text.Encoding.UTF8.GetBytes(key), ConflictKind.Attribute, null, null, null));
            }
        }
        return CanonicalJson.Serialize(ours);
    }

    private static bool Changed(ManifestStore manifests, NodeRecord before, NodeRecord after) =>
        before.Path != after.Path || !before.SameSchema(after) || before.Attributes != after.Attributes
        || (!before.Manifest.SameAs(after.Manifest) && DiffEngine.Changes(manifests, before.Manifest, after.Manifest, null).Any());
}
