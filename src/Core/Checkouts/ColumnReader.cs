using Tessera.Manifests;

namespace Tessera;

/// <summary>
/// Reads one column's samples. Safe to use from several threads. A nested column is read
/// through <see cref="Nested"/>: <c>column.Nested(7).Get(0)</c> is subkey 0 of key 7.
/// </summary>
public partial class ColumnReader
{
    private readonly Func<byte[], ObjectId?> resolve;
    private readonly byte[]? prefix;

    internal ColumnReader(Repository repo, NodeRecord node, Func<byte[], ObjectId?> resolve, byte[]? prefix = null)
    {
        this.Repo = repo;
        this.Node = node;
        this.resolve = resolve;
        this.prefix = prefix;
    }

    public string Path => this.Node.Path;

    public ColumnSchema Schema => this.Node.Schema!;

    internal NodeRecord Node { get; }

    internal Repository Repo { get; }

    internal byte[]? Prefix => this.prefix;

    /// <summary>The samples under one key of a nested column.</summary>
    public ColumnReader Nested(SampleKey key) => new(this.Repo, this.Node, this.resolve, this.NestedPrefix(key));

    public Sample Get(SampleKey key) => this.GetEncoded(this.EncodeKey(key));

    public bool Contains(SampleKey key) => this.resolve(this.EncodeKey(key)) is not null;

    public bool TryGet(SampleKey key, out Sample? sample)
    {
        var id = this.resolve(this.EncodeKey(key));
        sample = id is { } found ? this.Repo.Blobs.Read(found) : null;
        return sample is not null;
    }

    /// <summary>The sample's content id, or null when the key is absent (reads no sample bytes).</summary>
    public ObjectId? IdOf(SampleKey key) => this.resolve(this.EncodeKey(key));

    internal ObjectId? Resolve(byte[] key) => this.resolve(key);

    internal Sample GetEncoded(byte[] key) => this.resolve(key) is { } id
        ? this.Repo.Blobs.Read(id)
        : throw new NotFoundException(ErrorCode.KeyNotFound, $"Key {Keys.Format(key)} is not in column {this.Path}.");

    internal byte[] EncodeKey(SampleKey key)
    {
        if (this.prefix is not null)
            return [.. this.prefix, .. Keys.Encode(key)];
        if (this.Schema.Layout == ColumnLayout.Nested)
            throw new InvalidInputException(ErrorCode.InvalidKey, $"Column {this.Path} is nested: address a sample as KEY/SUBKEY (Nested(key) in the API).").With(ErrorDetail.Path, this.Path).With(ErrorDetail.Area, "nested");
        return Keys.Encode(key);
    }

    internal byte[] NestedPrefix(SampleKey key)
    {
        if (this.Schema.Layout != ColumnLayout.Nested || this.prefix is not null)
            throw new InvalidInputException(ErrorCode.InvalidKey, $"Column {this.Path} is flat: address a sample by its key alone.");
        return Keys.Encode(key);
    }
}

/// <summary>
/// A column as one snapshot holds it (a commit, or the staging area as it was when read), so it also lists its entries.
/// </summary>
public class ColumnSnapshot : ColumnReader
{
    private readonly Lazy<long> count;
    private readonly Func<(byte[] First, byte[] Last)?> ends;
    private readonly Func<IEnumerable<(SampleKey Key, SampleKey? Subkey, ObjectId Id)>> decoded;
    /// <summary>The entries by the batch when the snapshot reads them so; null to gather <see cref="Entries"/>.</summary>
    private readonly Func<IEnumerable<EntryBatch>?>? batches;

    internal ColumnSnapshot(Repository repo, NodeRecord node, Func<byte[], ObjectId?> resolve,
        Func<IEnumerable<KeyValuePair<byte[], ObjectId>>> entries, Func<long> count,
        Func<(byte[] First, byte[] Last)?>? ends = null, Func<IEnumerable<(SampleKey Key, SampleKey? Subkey, ObjectId Id)>>? decoded = null,
        Func<IEnumerable<EntryBatch>?>? batches = null)
        : base(repo, node, resolve)
    {
        this.count = new Lazy<long>(count);
        this.ends = ends ?? (() => ManifestStore.ScanEnds(entries()));
        this.decoded = decoded ?? (() => ManifestStore.Decoded(entries()));
        this.batches = batches;
    }

    /// <summary>How many samples it holds (of a nested column, key/subkey pairs).</summary>
    public long Count => this.count.Value;

    /// <summary>The first and last keys (outer keys of a nested column), or null when it is empty; a committed column reads a few pages for them.</summary>
    public (SampleKey First, SampleKey Last)? KeyRange() =>
        this.ends() is var (first, last) ? (Keys.Decode(first).Key, Keys.Decode(last).Key) : null;

    /// <summary>All (key, subkey, content id) entries in key order, reading no sample bytes.</summary>
    public IEnumerable<(SampleKey Key, SampleKey? Subkey, ObjectId Id)> Entries() => this.decoded();

    /// <summary>
    /// The entries of a flat column in key order, a batch at a time (of a committed column, a few
    /// of its manifest's leaves): for scans of millions of keys, which <see cref="Entries"/> hands
    /// out one by one. A batch is valid until the next is asked for.
    /// </summary>
    public IEnumerable<EntryBatch> EntryBatches()
    {
        if (this.Schema.Layout == ColumnLayout.Nested)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"Column {this.Path} is nested (KEY/SUBKEY); read its entries with Entries().");
        return this.batches?.Invoke() ?? EntryBatch.Gather(this.Entries().Select(e => (e.Key, e.Id)), ManifestStore.BatchEntries);
    }

    /// <summary>
    /// Every sample of a fixed-shape ndarray column, in key order, into <paramref name="destination"/>
    /// (Count × elements) on every core, with no allocation per sample; returns the keys in that order.
    /// </summary>
    public SampleKey[] ReadAll<T>(Span<T> destination) where T : unmanaged
    {
        if (this.Schema.Layout == ColumnLayout.Nested)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"Column {this.Path} is nested (KEY/SUBKEY); read it sample by sample with ReadAll().");
        Loading.SampleCopier.CheckType<T>(this.Path, this.Schema);
        if (this.Schema.VariableShape)
            throw new InvalidInputException(ErrorCode.ShapeMismatch, $"Column {this.Path} has a variable shape: read it with ReadVariable, or sample by sample with ReadAll().");
        long count = this.Count;
        if (destination.Length != count * this.Schema.ElementCount)
            throw new InvalidInputException(ErrorCode.ShapeMismatch, $"Column {this.Path} holds {count} samples of {this.Schema.ElementCount} elements; the destination holds {destination.Length}.");
        // Arrays of the known size (the ids' rented): a growing list of entries would cost more than the copy.
        var keys = new SampleKey[count];
        var ids = System.Buffers.ArrayPool<ObjectId>.Shared.Rent(keys.Length);
        try
        {
            int i = 0;
            foreach (var (key, _, id) in this.Entries())
            {
                keys[i] = key;
                ids[i++] = id;
            }
            Loading.SampleCopier.CopyFixed(this.Repo.Blobs, this.Schema, new ArraySegment<ObjectId>(ids, 0, keys.Length), Loading.SampleCopier.Bytes(destination), scan: true);
        }
        finally
        {
            System.Buffers.ArrayPool<ObjectId>.Shared.Return(ids);
        }
        return keys;
    }

    /// <summary>Every sample with its key, in key order.</summary>
    public IEnumerable<(SampleKey Key, SampleKey? Subkey, Sample Sample)> ReadAll()
    {
        foreach (var (key, subkey, id) in this.Entries())
            yield return (key, subkey, this.Repo.Blobs.Read(id));
    }
}

/// <summary>A column whose manifest holds all its samples (at a commit, or staged with no sample changes): everything is immutable.</summary>
public sealed class CommittedColumn : ColumnSnapshot
{
    internal CommittedColumn(Repository repo, NodeRecord node)
        : base(repo, node, key => repo.Manifests.Lookup(node.Manifest, key), () => repo.Manifests.Enumerate(node.Manifest), () => node.Manifest.Count,
            () => repo.Manifests.Ends(node.Manifest), () => repo.Manifests.EnumerateDecoded(node.Manifest), () => repo.Manifests.DecodedBatches(node.Manifest))
    {
    }
}
