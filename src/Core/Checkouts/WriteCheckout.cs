using System.Buffers;
using System.Text.Json.Nodes;
using Tessera.History;
using Tessera.Manifests;
using Tessera.Staging;
using Tessera.Storage;

namespace Tessera;

/// <summary>The bytes of sample <c>index</c> of a batch.</summary>
internal delegate ReadOnlySpan<byte> SampleBytes(int index);

/// <summary>
/// Writes the canonical header of sample <paramref name="index"/> of a batch into
/// <paramref name="destination"/> (<see cref="Storage.BlobFormat.MaxHeaderSize"/> bytes) and returns its length.
/// </summary>
internal delegate int SampleHeaders(int index, Span<byte> destination);

/// <summary>
/// The one writer of a repository, on the current branch. It holds the writer lock until
/// disposed. Staged changes are durable in the staging area once a batch call, <see cref="Flush"/>,
/// <see cref="Commit"/> or <see cref="Dispose"/> returns, and survive a crash of this process.
/// </summary>
public sealed partial class WriteCheckout : IDisposable
{
    private const int FlushEvery = 16_384;
    private readonly string token;
    private readonly BlobWriter blobs;
    private readonly Lock gate = new();
    private bool disposed;

    internal WriteCheckout(Repository repo, WriterOptions options)
    {
        this.Repo = repo;
        if (!options.AllowDetached && repo.Detached is { } detached)
        {
            throw new StateException(ErrorCode.DetachedHead,
                $"HEAD is detached at {detached.ShortId} (a read-only checkout of a tag or commit), so nothing can be staged. Return to a branch, or start one here.").With(ErrorDetail.Branch, repo.HeadBranch);
        }
        (this.token, this.TakenOverLock) = DiskReserve.Retry(repo.Root, () => WriterLock.Acquire(repo.Db, options.Force));
        try
        {
            this.Branch = repo.HeadBranch;
            var head = repo.BranchTip;
            this.Staging = this.LoadStaging(head, options.DiscardStaging);
            this.blobs = new BlobWriter(repo.Db, repo.PackStore, repo.Index);
            repo.Index.Load();
            this.DiscardInterrupted();
            if (options.DiscardStaging)
                this.Reset();
            DiskReserve.Ensure(repo.Root);
        }
        catch
        {
            this.blobs?.Dispose();
            this.ReleaseLock();
            throw;
        }
    }

    /// <summary>The branch this writer commits to.</summary>
    public string Branch { get; private set; }

    /// <summary>The staging area; one that cannot be read is taken as empty when it is to be discarded anyway.</summary>
    private StagingArea LoadStaging(Commit? head, bool discard)
    {
        var tree = this.Repo.LoadTree(head);
        try
        {
            return StagingArea.Load(this.Repo.Db, this.Repo.Manifests, head?.Id, tree);
        }
        catch (TesseraException e) when (discard && e is CorruptObjectException or StateException { Code: ErrorCode.StagedChanges })
        {
            return StagingArea.Nothing(this.Repo.Db, this.Repo.Manifests, head?.Id, tree);
        }
    }

    /// <summary>A stale lock this writer took over when it opened (its process had died), if any.</summary>
    public WriterLockInfo? TakenOverLock { get; }

    /// <summary>The commit the staged changes are on; null on a branch without commits.</summary>
    public Commit? BaseCommit => this.Staging.Base is { } id ? this.Repo.CommitStore.Get(id) : null;

    public bool HasStagedChanges
    {
        get
        {
            lock (this.gate)
            {
                return this.Staging.HasChanges;
            }
        }
    }

    internal Repository Repo { get; }

    internal StagingArea Staging { get; }

    /// <summary>The staged node tree; a node's <see cref="NodeInfo.Count"/> is as staged when first read.</summary>
    public IReadOnlyList<NodeInfo> Nodes
    {
        get
        {
            lock (this.gate)
            {
                return this.Staging.Tree.Nodes.Select(n => NodeInfo.From(n, () => this.CountOf(n))).ToList();
            }
        }
    }

    public WritableColumn Column(string path)
    {
        lock (this.gate)
        {
            return new WritableColumn(this, this.Staging.Tree.GetColumn(Names.NormalizePath(path)));
        }
    }

    /// <summary>Creates a column (and any missing parent groups).</summary>
    public WritableColumn CreateColumn(string path, ColumnSchema schema)
    {
        path = Names.NormalizePath(path);
        lock (this.gate)
        {
            var tree = this.WithParents(this.Staging.Tree, path);
            var node = new NodeRecord(NodeRecord.NewId(), path, NodeKind.Column, schema, "{}", ManifestRef.Empty);
            this.Staging.SetTree(tree.With(node));
            this.PersistLocked();
            return new WritableColumn(this, node);
        }
    }

    /// <summary>Creates a group (and any missing parent groups).</summary>
    public void CreateGroup(string path)
    {
        path = Names.NormalizePath(path);
        lock (this.gate)
        {
            var tree = this.WithParents(this.Staging.Tree, path);
            this.Staging.SetTree(tree.With(new NodeRecord(NodeRecord.NewId(), path, NodeKind.Group, null, "{}", ManifestRef.Empty)));
            this.PersistLocked();
        }
    }

    /// <summary>Removes a column, or a group with everything in it.</summary>
    public void Remove(string path)
    {
        path = Names.NormalizePath(path);
        lock (this.gate)
        {
            var tree = this.Staging.Tree;
            var node = tree.Get(path);
            foreach (var n in tree.Descendants(path).Append(node))
            {
                tree = tree.Without(n.Path);
                this.Staging.DropNode(n.Id);
            }
            this.Staging.SetTree(tree);
            this.PersistLocked();
        }
    }

    /// <summary>Moves or renames a node (and everything under a group): metadata only, O(nodes).</summary>
    public void Move(string source, string destination)
    {
        source = Names.NormalizePath(source);
        destination = Names.NormalizePath(destination);
        lock (this.gate)
        {
            var tree = this.Staging.Tree;
            var node = tree.Get(source);
            if (destination == source || destination.StartsWith(source + "/", StringComparison.Ordinal))
                throw new InvalidInputException(ErrorCode.InvalidArgument, $"Cannot move '{source}' into itself ('{destination}').");
            tree = this.WithParents(tree, destination);
            foreach (var n in tree.Descendants(source).Append(node).ToList())
            {
                tree = tree.Without(n.Path);
                tree = tree.With(n with { Path = destination + n.Path[source.Length..] });
            }
            this.Staging.SetTree(tree);
            this.PersistLocked();
        }
    }

    public JsonObject Attributes(string path)
    {
        lock (this.gate)
        {
            return CanonicalJson.ParseObject(this.Staging.Tree.Get(Names.NormalizePath(path)).Attributes);
        }
    }

    /// <summary>Sets one attribute (any JSON value) of a node.</summary>
    public void SetAttribute(string path, string key, JsonNode? value)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 256)
            throw new InvalidInputException(ErrorCode.InvalidName, "An attribute name is 1 to 256 characters.");
        this.UpdateAttributes(path, attrs => attrs[key] = value?.DeepClone());
    }

    public void RemoveAttribute(string path, string key) => this.UpdateAttributes(path, attrs =>
    {
        if (!attrs.Remove(key))
            throw new NotFoundException(ErrorCode.KeyNotFound, $"Node '{path}' has no attribute '{key}'.");
    });

    /// <summary>Makes everything staged so far durable.</summary>
    public void Flush()
    {
        lock (this.gate)
        {
            this.PersistLocked();
        }
    }

    /// <summary>Discards every staged change (and a merge in progress).</summary>
    public void Reset()
    {
        lock (this.gate)
        {
            var head = this.Repo.BranchTip;
            DiskReserve.Retry(this.Repo.Root, () => this.Repo.Db.InTransaction(() =>
            {
                this.blobs.FlushIndex();
                this.Staging.Reset(head?.Id, this.Repo.LoadTree(head));
            }));
        }
    }

    /// <summary>
    /// Switches the writer to another branch (leaving a detached HEAD); refuses while changes are
    /// staged or a merge is in progress.
    /// </summary>
    public void SwitchBranch(string name)
    {
        lock (this.gate)
        {
            this.CheckCanLeave();
            var branch = this.Repo.Branches[name] ?? throw this.NoSuchBranch(name);
            var commit = this.Repo.CommitStore.Get(branch.Tip);
            this.Repo.Db.InTransaction(() =>
            {
                this.Repo.Db.SetMeta("head", name);
                this.Repo.Db.Execute("DELETE FROM meta WHERE key = $k", ("$k", Repository.DetachedKey));
                this.Staging.Reset(commit.Id, this.Repo.LoadTree(commit));
            });
            this.Branch = name;
        }
    }

    /// <summary>Refuses to leave the current branch while a merge is in progress or changes are staged.</summary>
    public void CheckCanLeave()
    {
        lock (this.gate)
        {
            if (this.Staging.IsMerging)
                throw new StateException(ErrorCode.MergeInProgress, $"A {this.Staging.MergeKind.Name()} is in progress: finish it (resolve its conflicts, then {this.FinishVerb}) or abort it, then switch.").With(ErrorDetail.Operation, this.Staging.MergeKind.Name());
            if (this.Staging.HasChanges)
                throw new StateException(ErrorCode.StagedChanges, "There are staged changes: commit them, or discard them, then switch.");
        }
    }

    private NotFoundException NoSuchBranch(string name) => this.Repo.Tags[name] is not null || this.Repo.Refs.Get(RefKind.Remote, name) is not null
        ? new NotFoundException(ErrorCode.RefNotFound, $"'{name}' is not a branch. Look at it read-only, or start a branch there.").With(ErrorDetail.Revision, name).With(ErrorDetail.Wanted, "branch")
        : new NotFoundException(ErrorCode.RefNotFound, $"No branch named '{name}'. Create it here, or pick an existing branch.").With(ErrorDetail.Branch, name).With(ErrorDetail.Wanted, "branch");

    public void Dispose()
    {
        lock (this.gate)
        {
            if (this.disposed)
                return;
            this.disposed = true;
            try
            {
                this.PersistLocked();
                // What was staged leaves the write-ahead log, where a damaged frame would lose it silently.
                this.Repo.Db.Fold();
            }
            catch (Exception e) when (StorageErrors.IsDiskFull(e))
            {
                // Nothing names the unindexed pack bytes; freeing them lets the lock go on a full disk.
                this.blobs.Discard();
                throw;
            }
            finally
            {
                try
                {
                    this.blobs.Dispose();
                }
                finally
                {
                    this.ReleaseLock();
                }
            }
        }
    }

    /// <summary>Releases the writer lock even on a full disk, so that a failing process never leaves it behind.</summary>
    private void ReleaseLock() => DiskReserve.Retry(this.Repo.Root, () => WriterLock.Release(this.Repo.Db, this.token));

    internal ObjectId? Resolve(NodeRecord node, byte[] key)
    {
        ManifestRef manifest;
        lock (this.gate)
        {
            if (this.Staging.TryGetChange(node.Id, key, out var staged))
            {
                if (SampleRun.StoredObject(staged) is { } stored && this.blobs.IsPending(stored))
                    this.PersistLocked();
                return staged.IsZero ? null : staged;
            }
            manifest = this.Current(node).Manifest;
        }
        return this.Repo.Manifests.Lookup(manifest, key);
    }

    /// <summary>The encoded keys of a column or array as staged, in key order.</summary>
    internal List<byte[]> KeysOf(NodeRecord node)
    {
        lock (this.gate)
        {
            node = this.Current(node);
            var keys = new SortedSet<byte[]>(KeyComparer.Instance);
            foreach (var entry in this.Repo.Manifests.Enumerate(node.Manifest))
                keys.Add(entry.Key);
            foreach (var (key, value) in this.Staging.ChangesFor(node.Id))
            {
                if (value.IsZero)
                    keys.Remove(key);
                else
                    keys.Add(key);
            }
            return [.. keys];
        }
    }

    internal long CountOf(NodeRecord node)
    {
        lock (this.gate)
        {
            return this.CountOfLocked(this.Current(node));
        }
    }

    /// <summary>The node as staged now: a column object outlives commits, which replace its manifest.</summary>
    private NodeRecord Current(NodeRecord node) => this.Staging.Tree.FindById(node.Id) ?? node;

    internal void StageSample(NodeRecord node, byte[] key, ColumnKind kind, DType? dtype, ReadOnlySpan<int> shape, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[BlobFormat.HeaderSize(shape.Length)];
        BlobFormat.WriteHeader(header, kind, dtype, shape);
        var id = this.CommittedItemHolding(node, key, header, data) ?? SampleHasher.Hash(header, data);
        if (id.IsInlineSample || id.IsRunSample)
        {
            lock (this.gate)
            {
                this.CheckWritable(node);
                this.StageLocked(node, key, id);
            }
            return;
        }
        var codec = node.Schema?.Compression ?? node.Array?.Compression ?? Codec.None;
        byte[]? packed = null;
        bool known;
        lock (this.gate)
        {
            known = this.blobs.Has(id);
        }
        uint crc = 0;
        if (!known)
        {
            packed = Codecs.Compress(codec, data, BlobFormat.ElementSize(header));
            crc = BlobWriter.Checksum(header, packed ?? data);
        }
        lock (this.gate)
        {
            this.CheckWritable(node);
            if (!this.blobs.Has(id))
            {
                if (known)
                    crc = BlobWriter.Checksum(header, data);
                this.blobs.Append(id, header, packed ?? data, packed is null ? Codec.None : codec, crc);
            }
            this.StageLocked(node, key, id);
        }
    }

    /// <summary>The keys of the batch last staged, encoded (<see cref="LastKeyBatch"/>).</summary>
    internal LastKeyBatch KeyBatch { get; } = new();

    /// <summary>Room for <paramref name="samples"/> more staged changes of <paramref name="node"/> (<see cref="WritableColumn.Reserve"/>).</summary>
    internal void ReserveStaged(NodeRecord node, int samples)
    {
        lock (this.gate)
            this.Staging.Reserve(node.Id, samples);
    }

    /// <summary>
    /// Stages samples in key order: headers, ids, compression and checksums computed on every
    /// core, a stretch at a time while the stretch before is stored (storing is one thread's work,
    /// which then overlaps the hashing instead of following it), then the batch staged under one
    /// lock, so the staging log keeps the callers' order (a log in increasing key order needs no
    /// sorting at commit).
    /// </summary>
    internal void StageBatch(NodeRecord node, KeyBatch keys, SampleHeaders headerOf, SampleBytes data)
    {
        var codec = node.Schema!.Compression;
        // Rented: a batch of an import is ~100,000 samples, and four fresh arrays per batch and
        // column were memory the process had not touched (a page fault per 4 KB).
        var headers = ArrayPool<byte[]?>.Shared.Rent(keys.Count);
        var ids = ArrayPool<ObjectId>.Shared.Rent(keys.Count);
        var crcs = ArrayPool<uint>.Shared.Rent(keys.Count);
        var packed = ArrayPool<byte[]?>.Shared.Rent(keys.Count);
        void Prepare(int start, int end) => Parallel.For(start, end, i =>
        {
            Span<byte> buffer = stackalloc byte[BlobFormat.MaxHeaderSize];
            var header = buffer[..headerOf(i, buffer)];
            var bytes = data(i);
            ids[i] = SampleHasher.Hash(header, bytes);
            if (ids[i].IsInlineSample)
                return;
            headers[i] = header.ToArray();
            packed[i] = codec != Codec.None ? Codecs.Compress(codec, bytes, BlobFormat.ElementSize(header)) : null;
            crcs[i] = BlobWriter.Checksum(header, packed[i] ?? bytes);
        });
        int stretch = Math.Max(StoreStretch, (keys.Count + 15) / 16);
        var next = Task.CompletedTask;
        try
        {
            Prepare(0, Math.Min(stretch, keys.Count));
            for (int start = 0; start < keys.Count; start += stretch)
            {
                int end = Math.Min(start + stretch, keys.Count);
                if (end < keys.Count)
                    next = Task.Run(() => Prepare(end, Math.Min(end + stretch, keys.Count)));
                lock (this.gate)
                {
                    this.CheckWritable(node);
                    this.blobs.Reserve(end - start);
                    for (int i = start; i < end; i++)
                    {
                        if (!ids[i].IsInlineSample && !this.blobs.Has(ids[i]))
                            this.blobs.Append(ids[i], headers[i]!, packed[i] ?? data(i), packed[i] is null ? Codec.None : codec, crcs[i]);
                    }
                }
                next.GetAwaiter().GetResult();
            }
            this.StageIds(node, keys, ids.AsSpan(0, keys.Count));
        }
        finally
        {
            // A failed store must not leave hashing running over the caller's buffers, or ours.
            ((IAsyncResult)next).AsyncWaitHandle.WaitOne();
            ArrayPool<byte[]?>.Shared.Return(headers, clearArray: true);
            ArrayPool<ObjectId>.Shared.Return(ids);
            ArrayPool<uint>.Shared.Return(crcs);
            ArrayPool<byte[]?>.Shared.Return(packed, clearArray: true);
        }
    }

    /// <summary>
    /// Stages samples of one header that are each their own id (a column of numbers): the ids are
    /// made in one pass and nothing is stored. Through <see cref="StageBatch"/>, three delegate
    /// calls and a parallel loop's step per sample cost more than making the id.
    /// </summary>
    /// <param name="data">The samples' bytes back to back, in the order of <paramref name="keys"/>.</param>
    internal void StageInline(NodeRecord node, KeyBatch keys, byte[] header, ReadOnlySpan<byte> data)
    {
        var ids = ArrayPool<ObjectId>.Shared.Rent(keys.Count);
        try
        {
            SampleHasher.HashInline(header, data, keys.Count == 0 ? 0 : data.Length / keys.Count, ids.AsSpan(0, keys.Count));
            this.StageIds(node, keys, ids.AsSpan(0, keys.Count));
        }
        finally
        {
            ArrayPool<ObjectId>.Shared.Return(ids);
        }
    }

    /// <summary>
    /// Stages str or bytes samples that are each their own id (short text, every one at most
    /// <see cref="SampleHasher.InlineMax"/> bytes encoded; the caller checks): their ids are made in
    /// slices on every core and nothing is stored. Through <see cref="StageBatch"/>, its delegate
    /// calls and parallel loop's step per sample cost a column of names three times as much.
    /// </summary>
    /// <param name="offsets">Sample i is <paramref name="data"/>[offsets[i]..offsets[i + 1]].</param>
    internal void StageInline(NodeRecord node, KeyBatch keys, ColumnKind kind, ReadOnlyMemory<byte> data, ReadOnlyMemory<int> offsets)
    {
        var ids = ArrayPool<ObjectId>.Shared.Rent(keys.Count);
        try
        {
            Parallelism.For((keys.Count + InlineSlice - 1) / InlineSlice, slice =>
            {
                int start = slice * InlineSlice, end = Math.Min(keys.Count, start + InlineSlice);
                // Throws for a sample too long to be its own id, which would otherwise be staged and never stored.
                SampleHasher.HashInlineTexts(kind, data.Span, offsets.Span[start..(end + 1)], ids.AsSpan(start, end - start));
            });
            this.StageIds(node, keys, ids.AsSpan(0, keys.Count));
        }
        finally
        {
            ArrayPool<ObjectId>.Shared.Return(ids);
        }
    }

    /// <summary>Stages a batch of samples whose bytes are stored already, or are their ids; keys that already hold their id are left alone.</summary>
    private void StageIds(NodeRecord node, KeyBatch keys, ReadOnlySpan<ObjectId> ids)
    {
        lock (this.gate)
        {
            this.CheckWritable(node);
            if (this.ChangedIds(this.Current(node), keys, ids) is not { } changed)
            {
                this.StageRangeLocked(node, keys, ids);
                return;
            }
            if (changed.Length == 0)
                return;
            var subset = ArrayPool<ObjectId>.Shared.Rent(changed.Length);
            try
            {
                for (int i = 0; i < changed.Length; i++)
                    subset[i] = ids[changed[i]];
                this.StageRangeLocked(node, keys.Select(changed), subset.AsSpan(0, changed.Length));
            }
            finally
            {
                ArrayPool<ObjectId>.Shared.Return(subset);
            }
        }
    }

    /// <summary>
    /// The positions of the keys whose current id (staged, else committed) is not the one given,
    /// when the keys increase and some may hold a sample already (a table imported again: its
    /// unchanged rows are looked up in one pass over the leaves and not staged, rather than staged,
    /// logged and found equal at commit); null when every key is to be staged.
    /// </summary>
    private int[]? ChangedIds(NodeRecord node, KeyBatch keys, ReadOnlySpan<ObjectId> ids)
    {
        if (this.Staging.IsMerging || keys.Count == 0 || !keys.Increasing([]) || this.AllNew(node, keys))
            return null;
        var currentId = this.CurrentIds(node, keys);
        var changed = new List<int>(keys.Count);
        for (int i = 0; i < keys.Count; i++)
        {
            if (currentId(i) != ids[i])
                changed.Add(i);
        }
        return changed.Count == keys.Count ? null : [.. changed];
    }

    /// <summary>Samples per slice of <see cref="StageInline(NodeRecord, KeyBatch, ColumnKind, ReadOnlyMemory{byte}, ReadOnlyMemory{int})"/>.</summary>
    private const int InlineSlice = 16 * 1024;

    /// <summary>The fewest samples <see cref="StageBatch"/> hashes while it stores the ones before.</summary>
    private const int StoreStretch = 4096;

    /// <summary>
    /// How many keys this writer's puts, removals and imports have staged — given another sample or
    /// removed — since it was opened: an operation's count is the difference across it. Keys that a
    /// batch left alone because they already held its samples are not counted.
    /// </summary>
    public long KeysStaged { get; private set; }

    /// <summary>Stages a batch whose samples are stored, and makes it durable: in one step, unless a merge in progress must clear each key's conflict.</summary>
    private void StageRangeLocked(NodeRecord node, KeyBatch keys, ReadOnlySpan<ObjectId> ids)
    {
        if (this.Staging.IsMerging)
        {
            for (int i = 0; i < keys.Count; i++)
                this.StageLocked(node, keys.KeyArray(i), ids[i]);
        }
        else
        {
            this.KeysStaged += keys.Count;
            if (this.inAdvance is { } building && building.Accepts(node, this.Staging.ChangesFor(node.Id), keys, ids))
            {
                building.Staged(node, keys, ids);
                this.Staging.StageHeld(node.Id, keys, () => this.Withdrawn(building, node.Id));
            }
            else
            {
                this.Staging.StageRange(node.Id, keys, ids);
            }
        }
        this.PersistLocked();
    }

    /// <summary>
    /// The changes a column's builder holds, taken back from it (<see cref="ManifestsInAdvance.Withdraw"/>):
    /// its pages written, then its entries read from them, as from a staged tree after a reload.
    /// Called under the writer's lock, outside a transaction.
    /// </summary>
    private EntryList Withdrawn(ManifestsInAdvance building, string node)
    {
        var (manifest, pages) = building.Withdraw(node);
        this.Repo.Db.InTransaction(() => this.Repo.Pages.Write(pages));
        var entries = new EntryList();
        if (manifest.Base is { } root)
            TreeRecord.AppendEntries(this.Repo.Manifests, root, manifest.Count, entries);
        return entries;
    }

    internal void StageRemoval(NodeRecord node, byte[] key)
    {
        lock (this.gate)
        {
            this.CheckWritable(node);
            this.StageLocked(node, key, ObjectId.Zero);
        }
    }

    private void StageLocked(NodeRecord node, byte[] key, ObjectId id)
    {
        this.inAdvance?.Drop(node.Id);
        this.Staging.Stage(node.Id, key, id);
        this.KeysStaged++;
        if (this.Staging.IsMerging)
            this.Staging.Conflicts.RemoveAll(c => c.Node == node.Id && c.Key.AsSpan().SequenceEqual(key));
        if (this.Staging.UnflushedCount >= FlushEvery)
            this.PersistLocked();
    }

    private void CheckWritable(NodeRecord node)
    {
        ObjectDisposedException.ThrowIf(this.disposed, this);
        if (this.Staging.Tree.FindById(node.Id) is null)
            throw new NotFoundException(ErrorCode.NodeNotFound, $"Column {node.Path} was removed or moved in this write checkout; open it again by its path.");
    }

    private void PersistLocked() => this.Repo.Db.InTransaction(() =>
    {
        this.blobs.FlushIndex();
        this.Staging.Persist(this.inAdvance is { } building ? building.IsBuilding : null);
    });

    private long CountOfLocked(NodeRecord node) => this.Repo.Manifests.CountWith(node.Manifest, this.Staging.ChangesFor(node.Id).InKeyOrder());

    private void UpdateAttributes(string path, Action<JsonObject> update)
    {
        path = Names.NormalizePath(path);
        lock (this.gate)
        {
            var node = this.Staging.Tree.Get(path);
            var attrs = CanonicalJson.ParseObject(node.Attributes);
            update(attrs);
            string text = CanonicalJson.Serialize(attrs);
            if (text.Length > 1 << 20)
                throw new InvalidInputException(ErrorCode.InvalidArgument, "Attributes of one node are limited to 1 MiB of JSON.");
            this.Staging.SetTree(this.Staging.Tree.With(node with { Attributes = text }));
            if (this.Staging.IsMerging)
                this.Staging.Conflicts.RemoveAll(c => c.Node == node.Id && c.Kind == ConflictKind.Attribute);
            this.PersistLocked();
        }
    }

    /// <summary>Checks <paramref name="path"/> is free and adds the missing groups above it.</summary>
    private NodeTree WithParents(NodeTree tree, string path)
    {
        if (tree.Find(path) is not null)
            throw new StateException(ErrorCode.NodeExists, $"A node already exists at '{path}'.");
        var parents = new List<string>();
        for (var p = Names.ParentOf(path); p != "/"; p = Names.ParentOf(p))
            parents.Add(p);
        parents.Reverse();
        foreach (var p in parents)
        {
            var existing = tree.Find(p);
            if (existing is null)
                tree = tree.With(new NodeRecord(NodeRecord.NewId(), p, NodeKind.Group, null, "{}", ManifestRef.Empty));
            else if (existing.Kind != NodeKind.Group)
                throw new InvalidInputException(ErrorCode.InvalidArgument, $"'{p}' is a column; nodes can only be placed inside groups.");
        }
        return tree;
    }
}
