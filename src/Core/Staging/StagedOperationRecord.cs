using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Storage;

namespace Tessera.Staging;

/// <summary>
/// The marker of an all-or-nothing operation in <c>stage_meta.operation</c>: what it is, who runs
/// it, the length of the staging log before it (its own records come after), where the packs and the
/// blob index ended and the last row of the pages table (what it wrote after that is cut away when
/// it is rolled back). <see cref="PageRowBefore"/> is null in the marker of an earlier build, whose
/// operations wrote no pages before they completed.
/// </summary>
internal sealed record StagedOperationRecord(StagedOperation Info, long LogLengthBefore, bool HasConflictCopy, PackMark Mark, long? PageRowBefore)
{
    public string Description => this.Info.Description;

    public static StagedOperationRecord Start(string description, long logLengthBefore, bool hasConflictCopy, PackMark mark, long pagesBefore) =>
        new(new StagedOperation(description, Environment.ProcessId, Environment.MachineName, DateTimeOffset.Now), logLengthBefore, hasConflictCopy, mark, pagesBefore);

    public string ToJson() => new JsonObject
    {
        ["description"] = this.Info.Description,
        ["pid"] = this.Info.ProcessId,
        ["host"] = this.Info.Host,
        ["started"] = this.Info.Started.ToString("o", CultureInfo.InvariantCulture),
        ["logLength"] = this.LogLengthBefore,
        ["conflictCopy"] = this.HasConflictCopy,
        ["pack"] = this.Mark.Pack,
        ["packLength"] = this.Mark.Length,
        ["indexBatch"] = this.Mark.Batch,
        ["pageRow"] = this.PageRowBefore,
    }.ToJsonString();

    public static StagedOperationRecord FromJson(string json)
    {
        try
        {
            var o = JsonNode.Parse(json)!.AsObject();
            var info = new StagedOperation(
                (string)o["description"]!, (int)o["pid"]!, (string)o["host"]!,
                DateTimeOffset.Parse((string)o["started"]!, CultureInfo.InvariantCulture));
            var mark = new PackMark((int)o["pack"]!, (long)o["packLength"]!, (long)o["indexBatch"]!);
            return new StagedOperationRecord(info, (long)o["logLength"]!, (bool)o["conflictCopy"]!, mark, (long?)o["pageRow"]);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new CorruptObjectException("The staging area's operation marker is malformed. Discard the staging area.").With(ErrorDetail.Area, "staging");
        }
    }
}
