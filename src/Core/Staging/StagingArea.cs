using Tessera.Manifests;
using Tessera.Storage;

namespace Tessera.Staging;

/// <summary>
/// The writer's uncommitted changes, persisted so they survive a crash: the staged node tree
/// (schemas, attributes) as JSON in <c>stage_meta</c>, and sample changes as batches in the
/// <see cref="StagingLog"/> (one record per node per flush; a zero id marks a removal; a column an
/// operation built the tree of as it staged, one <see cref="TreeRecord"/>). A merge in progress
/// adds its other parent and its conflicts. An operation in progress (an import, say) is
/// marked in <c>stage_meta.operation</c> with the staged state before it, so that a crash in its
/// middle leaves nothing of it staged: loading ignores its records, and the next writer cuts them off.
/// </summary>
internal sealed class StagingArea
{
    private const string OperationKey = "operation";
    private const string OperationTreeKey = "operation_tree";

    /// <summary>How many changes the running operation has staged, kept as it flushes: a column built in advance writes none of its entries to the log (<see cref="TreeRecord"/>).</summary>
    private const string OperationSamplesKey = "operation_samples";
    private readonly Database db;

    /// <summary>Where the trees that tree records name are read from.</summary>
    private readonly ManifestStore manifests;
    private readonly StagingLog log;
    private readonly Dictionary<string, NodeChanges> changes = [];

    /// <summary>Records read from the log and not decoded yet: a node's are decoded when first asked for (a commit of prepared manifests never asks).</summary>
    private readonly Dictionary<string, Undecoded> undecoded = [];

    /// <summary>The bytes of each node's records in the staging log (what a prepared manifest is checked against).</summary>
    private readonly Dictionary<string, long> logBytes = [];
    private readonly List<ByteWriter> logBuffers = [];

    private Dictionary<string, PreparedManifest> prepared = [];
    private int unflushedCount;

    /// <summary>The changes the running operation staged so far.</summary>
    private long operationSamples;

    private StagingArea(Database db, ManifestStore manifests, ObjectId? baseCommit, NodeTree baseTree)
    {
        this.db = db;
        this.manifests = manifests;
        this.log = new StagingLog(db);
        this.Base = baseCommit;
        this.BaseTree = baseTree;
        this.Tree = baseTree;
    }

    /// <summary>The commit the changes are on (the branch tip), null on an unborn branch.</summary>
    public ObjectId? Base { get; private set; }

    public NodeTree BaseTree { get; private set; }

    /// <summary>Staged schemas and attributes; manifests are still the base's.</summary>
    public NodeTree Tree { get; private set; }

    public ObjectId? MergeHead { get; private set; }

    public string? MergeMessage { get; private set; }

    /// <summary>What the merge in progress is: a merge of <see cref="MergeHead"/>, or a cherry-pick, revert or squash that commits with one parent.</summary>
    public MergeKind MergeKind { get; private set; }

    /// <summary>The commit being cherry-picked or reverted (for a revert, <see cref="MergeHead"/> is its parent: the side it goes back to).</summary>
    public ObjectId? MergeSource { get; private set; }

    /// <summary>For a cherry-pick or revert: the commit whose content both sides are compared with (the picked commit's parent; the reverted commit). Null for a merge, whose base is the common ancestor.</summary>
    public ObjectId? PickBase { get; private set; }

    /// <summary>Commits a cherry-pick still has to apply after the one in progress, in order.</summary>
    public IReadOnlyList<ObjectId> MergeTodo { get; private set; } = [];

    public List<ConflictRecord> Conflicts { get; } = [];

    public int UnflushedCount => this.unflushedCount;

    /// <summary>An empty staging area on <paramref name="head"/> (what a detached HEAD shows: the branch's staging area is not its own).</summary>
    public static StagingArea Nothing(Database db, ManifestStore manifests, ObjectId? head, NodeTree headTree) => new(db, manifests, head, headTree);

    public static StagingArea Load(Database db, ManifestStore manifests, ObjectId? head, NodeTree headTree)
    {
        var area = new StagingArea(db, manifests, head, headTree);
        lock (db.Gate)
        {
            var meta = new Dictionary<string, string>();
            using (var cmd = db.Command("SELECT key, value FROM stage_meta"))
            using (var r = cmd.ExecuteReader())
            {
                while (r.Read())
                    meta[r.GetString(0)] = r.GetString(1);
            }
            if (meta.Count == 0)
                return area;
            var stagedBase = meta.GetValueOrDefault("base", "");
            if (stagedBase != (head?.ToString() ?? ""))
            {
                throw new StateException(ErrorCode.StagedChanges,
                    $"The staging area was made on commit {stagedBase[..Math.Min(12, stagedBase.Length)]}, but the branch is now at {head?.ToShortString() ?? "(no commit)"}. Discard the staging area.");
            }
            var (generation, logEnd) = area.log.Extent();
            if (meta.TryGetValue(OperationKey, out var operation))
            {
                area.Interrupted = StagedOperationRecord.FromJson(operation);
                logEnd = Math.Min(logEnd, area.Interrupted.LogLengthBefore);
                meta["tree"] = meta.GetValueOrDefault(OperationTreeKey, "");
            }
            if (meta.TryGetValue("tree", out var treeJson) && treeJson.Length > 0)
                area.Tree = NodeTree.FromJson(treeJson);
            if (meta.TryGetValue("merge_head", out var mergeHead))
                area.MergeHead = ObjectId.Parse(mergeHead);
            area.MergeMessage = meta.GetValueOrDefault("merge_message");
            area.MergeKind = MergeKinds.Parse(meta.GetValueOrDefault("merge_kind"));
            if (meta.TryGetValue("merge_source", out var source) && source.Length > 0)
                area.MergeSource = ObjectId.Parse(source);
            if (meta.TryGetValue("merge_base", out var pickBase) && pickBase.Length > 0)
                area.PickBase = ObjectId.Parse(pickBase);
            area.MergeTodo = meta.TryGetValue("merge_todo", out var todo) ? [.. todo.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ObjectId.Parse)] : [];

            var live = area.Tree.Nodes.Select(n => n.Id).ToHashSet();
            var records = new Dictionary<string, List<StagingLogRecord>>();
            // The records are decoded when a node is first read: the log file indexed is kept open
            // for that, since a commit (by another process, for a reader) may delete it meanwhile.
            var held = logEnd > 0 ? area.log.Hold(generation, logEnd) : null;
            List<StagingLogRecord> index;
            try
            {
                index = held is null ? [] : StagingLog.Index(held, 0, logEnd);
            }
            catch
            {
                held?.Dispose();
                throw;
            }
            foreach (var record in index)
            {
                if (!live.Contains(record.Node))
                    continue;
                if (!records.TryGetValue(record.Node, out var list))
                    records[record.Node] = list = [];
                list.Add(record);
                area.logBytes[record.Node] = area.logBytes.GetValueOrDefault(record.Node) + record.ChangesSize;
            }
            if (records.Count == 0)
                held?.Dispose();
            foreach (var (node, list) in records)
                area.undecoded[node] = new Undecoded(() => area.Decode(list.Select(r => StagingLog.Changes(held!, r))));
            if (meta.TryGetValue(PreparedManifests.MetaKey, out var prepared))
                area.prepared = PreparedManifests.FromJson(prepared);
            string conflicts = area.Interrupted is { HasConflictCopy: true } ? "stage_undo_conflicts" : "merge_conflicts";
            using (var cmd = db.Command($"SELECT node, key, kind, base, ours, theirs FROM {conflicts}"))
            using (var r = cmd.ExecuteReader())
            {
                while (r.Read())
                {
                    area.Conflicts.Add(new ConflictRecord(r.GetString(0), (byte[])r[1], (ConflictKind)r.GetInt32(2),
                        ReadId(r[3]), ReadId(r[4]), ReadId(r[5])));
                }
            }
        }
        return area;
    }

    /// <summary>
    /// An operation that began and never completed (its process died): its records are not part of
    /// this staging area, which is the state from before it.
    /// </summary>
    public StagedOperationRecord? Interrupted { get; private set; }

    /// <summary>The operation this writer is running, if any.</summary>
    public StagedOperationRecord? Running { get; private set; }

    public bool IsMerging => this.MergeHead is not null;

    /// <summary>True when anything is staged: samples, schemas, attributes or a merge.</summary>
    public bool HasChanges => this.IsMerging || this.undecoded.Count > 0 || this.changes.Values.Any(m => m.Count > 0) || this.unflushedCount > 0
        || !this.Tree.Encode().AsSpan().SequenceEqual(this.BaseTree.Encode());

    public NodeChanges ChangesFor(string node) => this.Decoded(node) ?? new NodeChanges();

    /// <summary>
    /// A node's changes for one pass over them (a diff, a count), not kept decoded unless they
    /// already are: a reader that passes over every node of a large staged import then holds one
    /// node's changes at a time, not all of them.
    /// </summary>
    public NodeChanges PassOver(string node) => this.Decoded(node, keep: false) ?? new NodeChanges();

    public bool TryGetChange(string node, byte[] key, out ObjectId value)
    {
        value = default;
        return this.Decoded(node) is { } map && map.TryGetValue(key, out value);
    }

    public void Stage(string node, byte[] key, ObjectId value)
    {
        this.ChangesOf(node).Set(key, value);
        this.unflushedCount++;
        this.operationSamples++;
    }

    /// <summary>Room for <paramref name="count"/> more changes of a node, staged in increasing key order.</summary>
    public void Reserve(string node, int count) => this.ChangesOf(node).Reserve(count);

    /// <summary>Stages a run of changes of one node, in order (what <see cref="Stage"/> does for each, with one lookup of the node and no object per key).</summary>
    public void StageRange(string node, KeyBatch keys, ReadOnlySpan<ObjectId> values)
    {
        this.ChangesOf(node).SetRange(keys, values);
        this.unflushedCount += keys.Count;
        this.operationSamples += keys.Count;
    }

    /// <summary>
    /// Counts a batch staged to a new column that the running operation builds as it stages: its
    /// builder holds the changes (<see cref="NodeChanges.Hold"/>), and <paramref name="fetch"/> gives
    /// them back if they are read before the operation completes, when its tree stands for them.
    /// </summary>
    public void StageHeld(string node, KeyBatch keys, Func<EntryList> fetch)
    {
        this.ChangesOf(node).Hold(keys, fetch);
        this.unflushedCount += keys.Count;
        this.operationSamples += keys.Count;
    }

    /// <summary>
    /// Fetches back the held changes of every node without a tree in <paramref name="trees"/>, before
    /// the transaction that completes the operation: fetching writes and reads pages.
    /// </summary>
    public void FetchHeld(IReadOnlyDictionary<string, ManifestRef>? trees)
    {
        foreach (var (node, changes) in this.changes)
        {
            if (changes.IsHeld && trees?.ContainsKey(node) != true)
                changes.Fetch();
        }
    }

    public void DropNode(string node)
    {
        this.changes.Remove(node);
        this.undecoded.Remove(node);
    }

    /// <summary>
    /// The manifest prepared for a node's staged changes (<see cref="PreparedManifests"/>), if it
    /// is still what a commit would build: nothing staged for the node since, the same base.
    /// </summary>
    public ManifestRef? PreparedFor(NodeRecord node) =>
        this.prepared.TryGetValue(node.Id, out var p)
        && p.LogBytes == this.logBytes.GetValueOrDefault(node.Id)
        && (!this.changes.TryGetValue(node.Id, out var map) || map.UnflushedCount == 0)
        && p.BaseChain == PreparedManifests.Chain(node.Manifest)
            ? p.Manifest : null;

    /// <summary>Records manifests made for the staged changes of these nodes as they are now; the caller holds a transaction and has persisted them.</summary>
    public void SetPrepared(IEnumerable<(NodeRecord Node, ManifestRef Manifest)> built)
    {
        foreach (var (node, manifest) in built)
            this.prepared[node.Id] = new PreparedManifest(this.logBytes.GetValueOrDefault(node.Id), PreparedManifests.Chain(node.Manifest), manifest);
        lock (this.db.Gate)
            this.SetMeta(PreparedManifests.MetaKey, PreparedManifests.ToJson(this.prepared));
    }



    public void SetTree(NodeTree tree) => this.Tree = tree;

    /// <summary>
    /// Writes unflushed sample changes and the staged tree; the caller holds a transaction. A running
    /// operation (the only caller that passes <paramref name="building"/>) may hold back the changes
    /// of nodes it is building a tree of: they are not staged before it completes, and then that
    /// tree's record stands for them.
    /// </summary>
    public void Persist(Func<string, bool>? building = null) => this.Persist(building, trees: null);

    private void Persist(Func<string, bool>? building, IReadOnlyDictionary<string, ManifestRef>? trees)
    {
        lock (this.db.Gate)
        {
            var records = new List<(string, ReadOnlyMemory<byte>)>();
            var treesOfHeld = new List<(string Node, ReadOnlyMemory<byte> Record)>();
            // One of the kept buffers per record encoded from entries (trees' records take none).
            int buffers = 0;
            foreach (var (node, changes) in this.changes)
            {
                // Held changes are the running operation's (FetchHeld gave back those without a tree before it completes).
                if (changes.UnflushedCount == 0 || building?.Invoke(node) == true || (changes.IsHeld && trees is null))
                    continue;
                ReadOnlyMemory<byte> data;
                if (changes.IsHeld)
                {
                    var held = trees![node];
                    if (held is not { Base: { } heldRoot, Deltas.Count: 0 } || held.Count != changes.Count)
                        throw new InvalidOperationException($"The tree built for {node} does not hold its {changes.Count} staged changes.");
                    data = TreeRecord.Encode(heldRoot, changes.Count);
                    treesOfHeld.Add((node, data));
                }
                else
                {
                    var (entries, start, count) = changes.TakeUnflushed();
                    // A tree stands for the changes only when it was built from all of them and none was written before.
                    data = trees?.GetValueOrDefault(node) is { Base: { } root, Deltas.Count: 0 } tree && start == 0 && count == tree.Count && count == changes.Count
                        ? TreeRecord.Encode(root, count)
                        : this.EncodeLog(buffers++, entries, start, count);
                }
                records.Add((node, data));
                this.logBytes[node] = this.logBytes.GetValueOrDefault(node) + data.Length;
            }
            this.log.Append(records);
            // Their tree stands for them from now on: read from its pages, as after a reload, if they are read at all.
            lock (this.undecoded)
            {
                foreach (var (node, record) in treesOfHeld)
                {
                    this.changes.Remove(node);
                    this.undecoded[node] = new Undecoded(() => this.Decode([record]));
                }
            }
            this.TrimLogBuffers();
            this.unflushedCount = 0;
            if (this.Running is not null)
                this.SetMeta(OperationSamplesKey, this.operationSamples.ToString(System.Globalization.CultureInfo.InvariantCulture));
            this.SetMeta("base", this.Base?.ToString() ?? "");
            this.SetMeta("tree", this.Tree.ToJson());
            if (this.MergeHead is { } mh)
            {
                this.SetMeta("merge_head", mh.ToString());
                this.SetMeta("merge_message", this.MergeMessage ?? "");
                if (this.MergeKind != MergeKind.Merge)
                {
                    this.SetMeta("merge_kind", this.MergeKind.Name());
                    this.SetMeta("merge_source", this.MergeSource?.ToString() ?? "");
                    this.SetMeta("merge_base", this.PickBase?.ToString() ?? "");
                    this.SetMeta("merge_todo", string.Join(' ', this.MergeTodo));
                }
            }
            this.db.Execute("DELETE FROM merge_conflicts");
            foreach (var c in this.Conflicts)
            {
                this.db.Execute("INSERT INTO merge_conflicts(node, key, kind, base, ours, theirs) VALUES($n, $k, $kind, $b, $o, $t)",
                    ("$n", c.Node), ("$k", c.Key), ("$kind", (int)c.Kind), ("$b", c.Base?.ToBytes()), ("$o", c.Ours?.ToBytes()), ("$t", c.Theirs?.ToBytes()));
            }
        }
    }

    /// <summary>Empties the staging area onto a new base; the caller holds a transaction.</summary>
    public void Reset(ObjectId? newBase, NodeTree newTree)
    {
        lock (this.db.Gate)
        {
            this.db.Execute("DELETE FROM stage_meta");
            this.log.Clear();
            this.db.Execute("DELETE FROM merge_conflicts");
            this.ForgetOperation();
        }
        this.changes.Clear();
        this.undecoded.Clear();
        this.logBytes.Clear();
        this.prepared = [];
        this.unflushedCount = 0;
        this.Conflicts.Clear();
        this.MergeHead = null;
        this.MergeMessage = null;
        this.MergeKind = MergeKind.Merge;
        this.MergeSource = null;
        this.PickBase = null;
        this.MergeTodo = [];
        this.Running = null;
        this.Interrupted = null;
        this.Base = newBase;
        this.BaseTree = newTree;
        this.Tree = newTree;
    }

    /// <summary>
    /// Marks the start of an all-or-nothing operation: what is staged now is persisted, and kept
    /// as the state to return to. The caller holds a transaction.
    /// </summary>
    public void BeginOperation(string description, PackMark mark, long pagesBefore)
    {
        if (this.Running is not null)
            throw new InvalidOperationException($"'{this.Running.Description}' is still running.");
        this.Persist();
        this.operationSamples = 0;
        lock (this.db.Gate)
        {
            long logLength = this.log.Extent().Length;
            bool copyConflicts = this.Conflicts.Count > 0;
            if (copyConflicts)
            {
                this.db.Execute("CREATE TABLE IF NOT EXISTS stage_undo_conflicts(node TEXT NOT NULL, key BLOB NOT NULL, kind INTEGER NOT NULL, base BLOB, ours BLOB, theirs BLOB, PRIMARY KEY(node, key))");
                this.db.Execute("DELETE FROM stage_undo_conflicts");
                this.db.Execute("INSERT INTO stage_undo_conflicts SELECT * FROM merge_conflicts");
            }
            this.Running = StagedOperationRecord.Start(description, logLength, copyConflicts, mark, pagesBefore);
            this.SetMeta(OperationTreeKey, this.Tree.ToJson());
            this.SetMeta(OperationKey, this.Running.ToJson());
        }
    }

    /// <summary>
    /// Makes the running operation's changes part of the staging area, those of the nodes it built
    /// <paramref name="trees"/> of (stored in this transaction) as tree records; the caller holds a
    /// transaction and calls <see cref="OperationEnded"/> once it has committed.
    /// </summary>
    public void CompleteOperation(IReadOnlyDictionary<string, ManifestRef>? trees)
    {
        this.Persist(building: null, trees);
        lock (this.db.Gate)
            this.ForgetOperation();
    }

    /// <summary>The transaction that began or completed the running operation did not commit, or completing it did.</summary>
    public void OperationEnded() => this.Running = null;

    /// <summary>
    /// Returns to the state from before the running or interrupted operation: its staging-log records
    /// are cut off and the tree and conflicts from before it restored. The caller holds a
    /// transaction, calls <see cref="OperationRolledBack"/> once it has committed and reloads the
    /// staging area.
    /// </summary>
    public StagedOperationRecord RollBackOperation()
    {
        var operation = this.Running ?? this.Interrupted
            ?? throw new InvalidOperationException("No operation to roll back.");
        operation.Mark.CutBackIndex(this.db);
        lock (this.db.Gate)
        {
            this.log.CutBack(operation.LogLengthBefore);
            if (this.db.Scalar("SELECT value FROM stage_meta WHERE key = $k", ("$k", OperationTreeKey)) is string tree)
                this.SetMeta("tree", tree);
            if (operation.HasConflictCopy)
            {
                this.db.Execute("DELETE FROM merge_conflicts");
                this.db.Execute("INSERT INTO merge_conflicts SELECT * FROM stage_undo_conflicts");
            }
            this.ForgetOperation();
        }
        this.unflushedCount = 0;
        return operation;
    }

    /// <summary>The transaction of <see cref="RollBackOperation"/> committed: no operation is pending any more.</summary>
    public void OperationRolledBack()
    {
        this.Running = null;
        this.Interrupted = null;
    }

    /// <summary>The samples an operation staged, for reporting what a roll-back discards.</summary>
    public long CountOperationSamples()
    {
        if (this.Running is not null)
            return this.operationSamples;
        if (this.Interrupted is not { } operation)
            return 0;
        lock (this.db.Gate)
        {
            if (this.db.Scalar("SELECT value FROM stage_meta WHERE key = $k", ("$k", OperationSamplesKey)) is string counted)
                return long.Parse(counted, System.Globalization.CultureInfo.InvariantCulture);
            // An operation of a format 6 writer, which wrote every change into the log.
            long count = 0;
            foreach (var (_, data) in this.log.Read(operation.LogLengthBefore, this.log.Extent().Length))
                count += DecodeLog(data.Span, new EntryList()).Count;
            return count;
        }
    }

    /// <summary>Replaces the in-memory state with what the database holds (after a roll-back).</summary>
    public void ReloadFrom(StagingArea loaded)
    {
        this.changes.Clear();
        foreach (var (node, map) in loaded.changes)
            this.changes[node] = map;
        this.undecoded.Clear();
        foreach (var (node, records) in loaded.undecoded)
            this.undecoded[node] = records;
        this.logBytes.Clear();
        foreach (var (node, bytes) in loaded.logBytes)
            this.logBytes[node] = bytes;
        this.prepared = loaded.prepared;
        this.unflushedCount = 0;
        this.Conflicts.Clear();
        this.Conflicts.AddRange(loaded.Conflicts);
        this.Tree = loaded.Tree;
        this.MergeHead = loaded.MergeHead;
        this.MergeMessage = loaded.MergeMessage;
        this.MergeKind = loaded.MergeKind;
        this.MergeSource = loaded.MergeSource;
        this.PickBase = loaded.PickBase;
        this.MergeTodo = loaded.MergeTodo;
        this.Interrupted = loaded.Interrupted;
    }

    public void BeginMerge(ObjectId theirs, string message, MergeKind kind = MergeKind.Merge, ObjectId? source = null, IReadOnlyList<ObjectId>? todo = null, ObjectId? pickBase = null)
    {
        this.PickBase = pickBase;
        this.MergeHead = theirs;
        this.MergeMessage = message;
        this.MergeKind = kind;
        this.MergeSource = source;
        this.MergeTodo = todo ?? [];
    }

    private NodeChanges ChangesOf(string node)
    {
        var map = this.Decoded(node);
        if (map is null)
        {
            map = new NodeChanges();
            this.changes[node] = map;
        }
        return map;
    }

    /// <summary>
    /// A node's changes, decoding its records from the log the first time (commits build nodes in
    /// parallel, hence the lock); kept decoded from then on unless <paramref name="keep"/> is false.
    /// </summary>
    private NodeChanges? Decoded(string node, bool keep = true)
    {
        Undecoded? pending;
        lock (this.undecoded)
        {
            if (this.changes.TryGetValue(node, out var map))
                return map;
            if (!this.undecoded.TryGetValue(node, out pending))
                return null;
        }
        if (!keep)
            return pending.Passing;
        var decoded = pending.Kept;
        lock (this.undecoded)
        {
            this.changes[node] = decoded;
            this.undecoded.Remove(node);
        }
        return decoded;
    }

    /// <summary>A node's records not decoded yet: decoded once to be kept, or afresh for each pass until then.</summary>
    private sealed class Undecoded(Func<NodeChanges> decode)
    {
        private readonly Lazy<NodeChanges> kept = new(decode);

        public NodeChanges Kept => this.kept.Value;

        public NodeChanges Passing => this.kept.IsValueCreated ? this.kept.Value : decode();
    }

    private NodeChanges Decode(IEnumerable<ReadOnlyMemory<byte>> records)
    {
        var entries = new EntryList();
        foreach (var record in records)
        {
            if (TreeRecord.Read(record.Span) is var (root, count))
                TreeRecord.AppendEntries(this.manifests, root, count, entries);
            else
                DecodeLog(record.Span, entries);
        }
        return NodeChanges.Loaded(entries);
    }

    private void ForgetOperation()
    {
        this.db.Execute("DELETE FROM stage_meta WHERE key IN ($o, $t, $s)", ("$o", OperationKey), ("$t", OperationTreeKey), ("$s", OperationSamplesKey));
        if (this.db.Scalar("SELECT 1 FROM sqlite_master WHERE name = 'stage_undo_conflicts'") is not null)
            this.db.Execute("DELETE FROM stage_undo_conflicts");
    }

    private void SetMeta(string key, string value) =>
        this.db.Execute("INSERT INTO stage_meta(key, value) VALUES($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value", ("$k", key), ("$v", value));

    private static ObjectId? ReadId(object value) => value is byte[] b ? ObjectId.Read(b) : null;

    /// <summary>
    /// Encodes a record's changes into the <paramref name="slot"/>th buffer kept for it, valid until
    /// the next <see cref="Persist"/>: an import persists every few megabytes, and fresh arrays of
    /// that size (copied twice more into the record) cost more in page faults than the encoding.
    /// </summary>
    private ReadOnlyMemory<byte> EncodeLog(int slot, EntryList entries, int start, int count)
    {
        if (slot == this.logBuffers.Count)
            this.logBuffers.Add(new ByteWriter(count * (ObjectId.Size + 4)));
        var body = this.logBuffers[slot];
        body.Reset(count * (ObjectId.Size + 4));
        EncodeLog(body, entries, start, count);
        return body.Written;
    }

    /// <summary>
    /// Keeps the buffers of <see cref="EncodeLog(int, EntryList, int, int)"/> up to 32 MiB in all: a
    /// table of many columns persists a record for each, and one huge batch is staged once.
    /// </summary>
    private void TrimLogBuffers()
    {
        long kept = 0;
        int keep = 0;
        while (keep < this.logBuffers.Count && (kept += this.logBuffers[keep].Capacity) <= KeptLogBytes)
            keep++;
        this.logBuffers.RemoveRange(keep, this.logBuffers.Count - keep);
    }

    private const long KeptLogBytes = 32L << 20;

    /// <summary>Each key is prefix-compressed against the previous one in the row, as in entry pages.</summary>
    private static void EncodeLog(ByteWriter body, EntryList entries, int start, int count)
    {
        ReadOnlySpan<byte> previous = [];
        var lastRun = ObjectId.Zero;
        for (int i = start; i < start + count; i++)
        {
            var key = entries.Key(i);
            body.WriteKey(previous, key);
            CompactId.Write(body, entries.Value(i), ref lastRun);
            previous = key;
        }
    }

    /// <summary>Appends one record of the staging log to <paramref name="result"/> (also read by gc, which must keep what is staged).</summary>
    internal static EntryList DecodeLog(ReadOnlySpan<byte> data, EntryList result)
    {
        int pos = 0;
        result.Reserve(data.Length / 4);
        var key = new byte[64];
        int keyLength = 0;
        var lastRun = ObjectId.Zero;
        try
        {
            while (pos < data.Length)
            {
                int shared = VarInt.ReadInt(data, ref pos, keyLength);
                int suffix = VarInt.ReadInt(data, ref pos, data.Length - pos);
                if (shared + suffix > key.Length)
                    Array.Resize(ref key, shared + suffix);
                data.Slice(pos, suffix).CopyTo(key.AsSpan(shared));
                pos += suffix;
                keyLength = shared + suffix;
                result.Add(key.AsSpan(0, keyLength), CompactId.Read(data, ref pos, ref lastRun));
            }
        }
        catch (CorruptObjectException)
        {
            throw new CorruptObjectException("The staging log is truncated or malformed. Discard the staging area.").With(ErrorDetail.Area, "staging");
        }
        return result;
    }
}
