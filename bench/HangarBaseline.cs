namespace Tessera.Bench;

/// <summary>
/// Hangar 0.5.2's figures from shared/reference/hangar-baseline.md (mean of its two runs),
/// printed beside ours so every run reports ratios measured against the same numbers.
/// </summary>
internal static class HangarBaseline
{
    private static readonly Dictionary<(string, string), double> Seconds = new()
    {
        [("A", "write")] = (13.28 + 15.58) / 2,
        [("A", "commit")] = (0.916 + 0.689) / 2,
        [("A", "open_read")] = (0.899 + 0.657) / 2,
        [("A", "read_all")] = (4.41 + 3.68) / 2,
        [("A", "branch")] = 0.0005,
        [("A", "modify_commit")] = (1.83 + 2.44) / 2,
        [("A", "diff")] = (0.577 + 0.573) / 2,
        [("A", "merge_ff")] = (0.545 + 0.523) / 2,
        [("A", "diff3")] = (1.09 + 1.10) / 2,
        [("A", "merge3")] = (2.17 + 1.71) / 2,
        [("A", "verify")] = (17.8 + 17.6) / 2,
        [("B", "write")] = (8.06 + 8.14) / 2,
        [("B", "commit")] = (0.010 + 0.015) / 2,
        [("B", "read_all")] = (0.292 + 0.294) / 2,
    };

    private static readonly Dictionary<(string, string), long> DiskBytes = new()
    {
        [("A", "disk_bytes")] = 96_700_000,
        [("B", "disk_bytes")] = 234_800_000,
    };

    public static double? SecondsOf(string workload, string phase) => Seconds.TryGetValue((workload, phase), out var s) ? s : null;

    public static long? DiskOf(string workload, string phase) => DiskBytes.TryGetValue((workload, phase), out var b) ? b : null;
}
