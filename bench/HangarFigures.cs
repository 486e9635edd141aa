using System.Text.Json;

namespace Tessera.Bench;

/// <summary>
/// Hangar 0.5.2's figures from the JSON its bench scripts wrote in the same session
/// (<c>--hangar FILE</c>, shared/reference/hangar/bench_hangar.py and bench_hangar_loader.py), so
/// that every ratio printed is measured side by side on the same machine at the same time.
/// </summary>
internal sealed class HangarFigures
{
    /// <summary>Our phase → Hangar's phase measuring the same work.</summary>
    private static readonly Dictionary<(string, string), (string Workload, string Phase)> SamePhase = new()
    {
        [("A", "write")] = ("A:mnist", "write 70k img + 70k lbl (with co:)"),
        [("A", "commit")] = ("A:mnist", "commit (140k samples)"),
        [("A", "open_read")] = ("A:mnist", "open read-only checkout"),
        [("A", "read_all")] = ("A:mnist", "read all 140k samples (with rco:)"),
        [("A", "branch")] = ("A:mnist", "create branch dev"),
        [("A", "modify_commit")] = ("A:mnist", "dev: checkout + modify 1000 imgs + commit"),
        [("A", "diff")] = ("A:mnist", "diff master..dev (fast-forwardable)"),
        [("A", "merge_ff")] = ("A:mnist", "merge dev -> master (fast-forward)"),
        [("A", "diff3")] = ("A:mnist", "diff master..feat (3-way, no conflict)"),
        [("A", "merge3")] = ("A:mnist", "merge feat -> master (3-way)"),
        [("A", "verify")] = ("A:mnist", "verify_repo_integrity (rehash all)"),
        [("B", "write")] = ("B:large", "write 1000 x f32(256,256) (with co:)"),
        [("B", "commit")] = ("B:large", "commit"),
        [("B", "read_all")] = ("B:large", "read all 1000 (with rco:)"),
        // The loader targets: our epochs against make_numpy_dataset, the ML.NET pass against torch's DataLoader.
        [("loader", "epoch_shuffled_b64")] = ("loader", "numpy_epoch_b64"),
        [("loader", "epoch_shuffled_b64_new_buffers")] = ("loader", "numpy_epoch_b64"),
        [("loader", "epoch_shuffled_b64_partial_clone")] = ("loader", "numpy_epoch_b64"),
        [("loader", "epoch_shuffled_b64_partial_clone_next")] = ("loader", "numpy_epoch_b64"),
        [("loader", "epoch_mlnet")] = ("loader", "torch_epoch_b64"),
    };

    private readonly Dictionary<(string, string), double> seconds = [];
    private readonly Dictionary<string, long> disk = [];

    /// <summary>Reads the JSON files of Hangar's bench scripts (none: no Hangar column).</summary>
    public static HangarFigures Load(IEnumerable<string> paths)
    {
        var figures = new HangarFigures();
        foreach (var path in paths)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var row in doc.RootElement.GetProperty("rows").EnumerateArray())
            {
                if (row.TryGetProperty("seconds", out var s))
                    figures.seconds[(row.TryGetProperty("workload", out var w) ? w.GetString()! : "loader", row.GetProperty("phase").GetString()!)] = s.GetDouble();
            }
            if (doc.RootElement.TryGetProperty("info", out var info))
            {
                foreach (var (key, workload) in new[] { ("A_disk_after_initial_commit", "A"), ("B_disk", "B") })
                {
                    if (info.TryGetProperty(key, out var d))
                        figures.disk[workload] = d.GetProperty("apparent_bytes").GetInt64();
                }
            }
        }
        return figures;
    }

    public double? SecondsOf(string workload, string phase) =>
        SamePhase.TryGetValue((workload, phase), out var theirs) && this.seconds.TryGetValue(theirs, out var s) ? s : null;

    /// <summary>Hangar's repository size after the first commit (A) or the write (B).</summary>
    public long? DiskOf(string workload, string phase) =>
        phase == "disk_bytes" && this.disk.TryGetValue(workload, out var b) ? b : null;
}
