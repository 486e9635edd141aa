using System.Text.Json;

namespace Tessera;

public static partial class JsonShapes
{
    /// <summary>
    /// <c>{branch, head, merging, mergeHead, mergeKind, mergeBase, staged, conflicts, lock}</c>: head is the branch tip's id
    /// (null before the first commit); mergeKind merge, cherry-pick, revert or squash (null when not merging); mergeBase the common ancestor of head and mergeHead that a merge
    /// in progress compares both sides with (null when not merging, or without a common ancestor); staged is an array of node diffs without keys (see
    /// <see cref="WriteDiff"/>); lock as <see cref="WriteLock"/>.
    /// </summary>
    public static void WriteStatus(Utf8JsonWriter w, StatusResult status, WriterLockInfo? holder)
    {
        w.WriteStartObject();
        w.WriteString("branch", status.Branch);
        WriteId(w, "head", status.Head?.Id);
        w.WriteBoolean("detached", status.IsDetached);
        w.WriteBoolean("merging", status.MergeHead is not null);
        WriteId(w, "mergeHead", status.MergeHead);
        if (status.MergeHead is null)
            w.WriteNull("mergeKind");
        else
            w.WriteString("mergeKind", status.MergeKind.Name());
        WriteId(w, "mergeBase", status.MergeBase);
        w.WritePropertyName("staged");
        WriteNodeDiffs(w, status.Staged.Nodes, includeKeys: status.Staged.Nodes.Any(n => n.Keys.Count > 0));
        w.WritePropertyName("conflicts");
        WriteConflicts(w, status.Conflicts);
        w.WritePropertyName("lock");
        WriteLock(w, holder);
        w.WritePropertyName("operation");
        WriteOperation(w, status.Operation);
        w.WriteEndObject();
    }

    /// <summary><c>{description, pid, host, started, samples, running}</c>, or null when no operation is pending.</summary>
    public static void WriteOperation(Utf8JsonWriter w, StagedOperationState? state)
    {
        if (state is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        w.WriteString("description", state.Operation.Description);
        w.WriteNumber("pid", state.Operation.ProcessId);
        w.WriteString("host", state.Operation.Host);
        w.WriteString("started", FormatTime(state.Operation.Started));
        w.WriteNumber("samples", state.Samples);
        w.WriteBoolean("running", state.IsRunning);
        w.WriteEndObject();
    }

    /// <summary><c>{pid, host, acquired, stale}</c>, or null when nobody holds the writer lock.</summary>
    public static void WriteLock(Utf8JsonWriter w, WriterLockInfo? holder)
    {
        if (holder is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        w.WriteNumber("pid", holder.ProcessId);
        w.WriteString("host", holder.Host);
        w.WriteString("acquired", FormatTime(holder.Acquired));
        w.WriteBoolean("stale", holder.IsStale);
        w.WriteEndObject();
    }
}
