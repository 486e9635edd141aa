using Tessera.Manifests;
using Tessera.Storage;

namespace Tessera.Staging;

/// <summary>
/// The writer's uncommitted changes, persisted so they survive a crash: the staged node tree
/// (schemas, attributes) as JSON in <c>stage_meta</c>, and sample changes as batches in
/// <c>stage_log</c> (one row per node per flush; a zero id marks a removal). A merge in progress
/// adds its other parent and its conflicts. An operation in progress (an import, say) is
/// marked in <c>stage_meta.operation</c> with the staged state before it, so that a crash in its
/// middle leaves nothing of it staged: loading ignores its rows, and the next writer deletes them.
/// </summary>
internal sealed class StagingArea
{
    private const string OperationKey = "operation";
    private const string OperationTreeKey = "operation_tree";
    private readonly Database db;
    private readonly Dictionary<string, NodeChanges> changes = [];
    private readonly Dictionary<string, List<(byte[] Key, ObjectId Value)>> unflushed = [];
    private int unflushedCount;

    private StagingArea(Database db, ObjectId? baseCommit, NodeTree baseTree)
    {
        this.db = db;
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
    public static StagingArea Nothing(Database db, ObjectId head, NodeTree headTree) => new(db, head, headTree);

    public static StagingArea Load(Database db, ObjectId? head, NodeTree headTree)
    {
        var area = new StagingArea(db, head, headTree);
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
            long lastRow = long.MaxValue;
            if (meta.TryGetValue(OperationKey, out var operation))
            {
                area.Interrupted = StagedOperationRecord.FromJson(operation);
                lastRow = area.Interrupted.LastRowBefore;
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
            using (var cmd = db.Command("SELECT node, data FROM stage_log WHERE seq <= $last ORDER BY seq", ("$last", lastRow)))
            using (var r = cmd.ExecuteReader())
            {
                while (r.Read())
                {
                    string node = r.GetString(0);
                    if (!live.Contains(node))
                        continue;
                    var map = area.ChangesOf(node);
                    foreach (var (key, value) in DecodeLog((byte[])r[1]))
                        map.Set(key, value);
                }
            }
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
    /// An operation that began and never completed (its process died): its rows are not part of
    /// this staging area, which is the state from before it.
    /// </summary>
    public StagedOperationRecord? Interrupted { get; private set; }

    /// <summary>The operation this writer is running, if any.</summary>
    public StagedOperationRecord? Running { get; private set; }

    public bool IsMerging => this.MergeHead is not null;

    /// <summary>True when anything is staged: samples, schemas, attributes or a merge.</summary>
    public bool HasChanges => this.IsMerging || this.changes.Values.Any(m => m.Count > 0) || this.unflushedCount > 0
        || !this.Tree.Encode().AsSpan().SequenceEqual(this.BaseTree.Encode());

    public NodeChanges ChangesFor(string node) => this.changes.TryGetValue(node, out var map) ? map : new NodeChanges();

    public bool TryGetChange(string node, byte[] key, out ObjectId value)
    {
        value = default;
        return this.changes.TryGetValue(node, out var map) && map.TryGetValue(key, out value);
    }

    public void Stage(string node, byte[] key, ObjectId value)
    {
        this.ChangesOf(node).Set(key, value);
        this.Pending(node).Add((key, value));
        this.unflushedCount++;
    }

    /// <summary>Stages a run of changes of one node, in order (what <see cref="Stage"/> does for each, with one lookup of the node).</summary>
    public void StageRange(string node, ReadOnlySpan<byte[]> keys, ReadOnlySpan<ObjectId> values)
    {
        var changes = this.ChangesOf(node);
        changes.Reserve(keys.Length);
        var pending = this.Pending(node);
        pending.EnsureCapacity(pending.Count + keys.Length);
        for (int i = 0; i < keys.Length; i++)
        {
            changes.Set(keys[i], values[i]);
            pending.Add((keys[i], values[i]));
        }
        this.unflushedCount += keys.Length;
    }

    public void DropNode(string node) => this.changes.Remove(node);

    public void SetTree(NodeTree tree) => this.Tree = tree;

    /// <summary>Writes unflushed sample changes and the staged tree; the caller holds a transaction.</summary>
    public void Persist()
    {
        lock (this.db.Gate)
        {
            foreach (var (node, pending) in this.unflushed)
                this.db.Execute("INSERT INTO stage_log(node, data) VALUES($n, $d)", ("$n", node), ("$d", EncodeLog(pending)));
            this.unflushed.Clear();
            this.unflushedCount = 0;
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
            this.db.Execute("DELETE FROM stage_log");
            this.db.Execute("DELETE FROM merge_conflicts");
            this.ForgetOperation();
        }
        this.changes.Clear();
        this.unflushed.Clear();
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
    public void BeginOperation(string description, PackMark mark)
    {
        if (this.Running is not null)
            throw new InvalidOperationException($"'{this.Running.Description}' is still running.");
        this.Persist();
        lock (this.db.Gate)
        {
            long lastRow = Convert.ToInt64(this.db.Scalar("SELECT coalesce(max(seq), 0) FROM stage_log"), System.Globalization.CultureInfo.InvariantCulture);
            bool copyConflicts = this.Conflicts.Count > 0;
            if (copyConflicts)
            {
                this.db.Execute("CREATE TABLE IF NOT EXISTS stage_undo_conflicts(node TEXT NOT NULL, key BLOB NOT NULL, kind INTEGER NOT NULL, base BLOB, ours BLOB, theirs BLOB, PRIMARY KEY(node, key))");
                this.db.Execute("DELETE FROM stage_undo_conflicts");
                this.db.Execute("INSERT INTO stage_undo_conflicts SELECT * FROM merge_conflicts");
            }
            this.Running = StagedOperationRecord.Start(description, lastRow, copyConflicts, mark);
            this.SetMeta(OperationTreeKey, this.Tree.ToJson());
            this.SetMeta(OperationKey, this.Running.ToJson());
        }
    }

    /// <summary>
    /// Makes the running operation's changes part of the staging area; the caller holds a
    /// transaction and calls <see cref="OperationEnded"/> once it has committed.
    /// </summary>
    public void CompleteOperation()
    {
        this.Persist();
        lock (this.db.Gate)
            this.ForgetOperation();
    }

    /// <summary>The transaction that began or completed the running operation did not commit, or completing it did.</summary>
    public void OperationEnded() => this.Running = null;

    /// <summary>
    /// Returns to the state from before the running or interrupted operation: its stage-log rows
    /// are deleted and the tree and conflicts from before it restored. The caller holds a
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
            this.db.Execute("DELETE FROM stage_log WHERE seq > $last", ("$last", operation.LastRowBefore));
            if (this.db.Scalar("SELECT value FROM stage_meta WHERE key = $k", ("$k", OperationTreeKey)) is string tree)
                this.SetMeta("tree", tree);
            if (operation.HasConflictCopy)
            {
                this.db.Execute("DELETE FROM merge_conflicts");
                this.db.Execute("INSERT INTO merge_conflicts SELECT * FROM stage_undo_conflicts");
            }
            this.ForgetOperation();
        }
        this.unflushed.Clear();
        this.unflushedCount = 0;
        return operation;
    }

    /// <summary>The transaction of <see cref="RollBackOperation"/> committed: no operation is pending any more.</summary>
    public void OperationRolledBack()
    {
        this.Running = null;
        this.Interrupted = null;
    }

    /// <summary>The samples an operation staged (rows after its marker), for reporting what a roll-back discards.</summary>
    public long CountOperationSamples()
    {
        var operation = this.Running ?? this.Interrupted;
        if (operation is null)
            return 0;
        long count = 0;
        lock (this.db.Gate)
        {
            using var cmd = this.db.Command("SELECT data FROM stage_log WHERE seq > $last", ("$last", operation.LastRowBefore));
            using var r = cmd.ExecuteReader();
            while (r.Read())
                count += DecodeLog((byte[])r[0]).Count;
        }
        return count + this.unflushedCount;
    }

    /// <summary>Replaces the in-memory state with what the database holds (after a roll-back).</summary>
    public void ReloadFrom(StagingArea loaded)
    {
        this.changes.Clear();
        foreach (var (node, map) in loaded.changes)
            this.changes[node] = map;
        this.unflushed.Clear();
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
        if (!this.changes.TryGetValue(node, out var map))
        {
            map = new NodeChanges();
            this.changes[node] = map;
        }
        return map;
    }

    private List<(byte[] Key, ObjectId Value)> Pending(string node)
    {
        if (!this.unflushed.TryGetValue(node, out var pending))
        {
            pending = [];
            this.unflushed[node] = pending;
        }
        return pending;
    }

    private void ForgetOperation()
    {
        this.db.Execute("DELETE FROM stage_meta WHERE key IN ($o, $t)", ("$o", OperationKey), ("$t", OperationTreeKey));
        if (this.db.Scalar("SELECT 1 FROM sqlite_master WHERE name = 'stage_undo_conflicts'") is not null)
            this.db.Execute("DELETE FROM stage_undo_conflicts");
    }

    private void SetMeta(string key, string value) =>
        this.db.Execute("INSERT INTO stage_meta(key, value) VALUES($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value", ("$k", key), ("$v", value));

    private static ObjectId? ReadId(object value) => value is byte[] b ? ObjectId.Read(b) : null;

    /// <summary>Each key is prefix-compressed against the previous one in the row, as in entry pages.</summary>
    private static byte[] EncodeLog(List<(byte[] Key, ObjectId Value)> entries)
    {
        var body = new ByteWriter(entries.Count * (ObjectId.Size + 4));
        ReadOnlySpan<byte> previous = [];
        var lastRun = ObjectId.Zero;
        foreach (var (key, value) in entries)
        {
            body.WriteKey(previous, key);
            CompactId.Write(body, value, ref lastRun);
            previous = key;
        }
        return body.ToArray();
    }

    /// <summary>One row of <c>stage_log</c> (also read by gc, which must keep what is staged).</summary>
    internal static List<(byte[] Key, ObjectId Value)> DecodeLog(byte[] data)
    {
        int pos = 0;
        var result = new List<(byte[], ObjectId)>();
        byte[] previous = [];
        var lastRun = ObjectId.Zero;
        try
        {
            while (pos < data.Length)
            {
                int shared = VarInt.ReadInt(data, ref pos, previous.Length);
                int suffix = VarInt.ReadInt(data, ref pos, data.Length - pos);
                var key = new byte[shared + suffix];
                previous.AsSpan(0, shared).CopyTo(key);
                data.AsSpan(pos, suffix).CopyTo(key.AsSpan(shared));
                pos += suffix;
                result.Add((key, CompactId.Read(data, ref pos, ref lastRun)));
                previous = key;
            }
        }
        catch (CorruptObjectException)
        {
            throw new CorruptObjectException("The staging log is truncated or malformed. Discard the staging area.").With(ErrorDetail.Area, "staging");
        }
        return result;
    }
}
