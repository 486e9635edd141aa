namespace Tessera.Manifests;

/// <summary>
/// A column's (or array's) manifest: a base tree of sorted key → id entries plus a short chain of
/// delta pages, newest last. A commit adds one delta (cost follows the changes); when the deltas
/// grow past a fraction of the base they are folded into a new base, whose pages mostly equal the
/// old ones because leaf boundaries depend only on keys.
/// </summary>
internal sealed record ManifestRef(ObjectId? Base, IReadOnlyList<ObjectId> Deltas, long Count, long DeltaEntries)
{
    public static readonly ManifestRef Empty = new(null, [], 0, 0);

    public bool IsEmpty => this.Base is null && this.Deltas.Count == 0;

    /// <summary>True when both name the same pages (so they hold the same entries).</summary>
    public bool SameAs(ManifestRef other) =>
        this.Base == other.Base && this.Count == other.Count && this.Deltas.SequenceEqual(other.Deltas);

    /// <summary>
    /// A text naming the base and the first <paramref name="deltas"/> delta pages: equal for equal
    /// chains, so that a rewrite of history handles each distinct (prefix of a) manifest once.
    /// </summary>
    public string ChainKey(int deltas) =>
        string.Join(' ', [this.Base?.ToString() ?? "", .. this.Deltas.Take(deltas).Select(d => d.ToString())]);

    /// <summary>Every page id this manifest names directly (base root and deltas).</summary>
    public IEnumerable<ObjectId> Roots => this.Base is { } b ? this.Deltas.Prepend(b) : this.Deltas;
}
