using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Tessera.Bench;

// dotnet run -c Release --project bench -- --workload A|B|scale|arrays|parquet|remote|lsp|loader|zarrhttp|history|files|all [--repeat N] [--warmup N] [--json FILE] [--hangar FILE]... [--side N] [--files N]
// --side: the side of zarrhttp's square float32 array (default 4096, as --workload arrays), smaller for a quick try.
// --hangar: the JSON of Hangar's bench scripts run in the same session (bench/side-by-side.sh runs both).
// The engine is measured without linking commits to the code's git commit (Hangar has no such
// step); that costs one `git status` per commit when run inside a work tree.
Environment.SetEnvironmentVariable("TESSERA_NO_GIT", "1");
var workloads = new List<string>();
int repeat = 3;
int warmup = 1;
string? jsonPath = null;
int side = 4096;
var hangarFiles = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--workload" when i + 1 < args.Length:
            workloads.AddRange(args[++i] == "all" ? ["A", "B", "scale", "arrays"] : [args[i]]);
            break;
        case "--repeat" when i + 1 < args.Length:
            repeat = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--warmup" when i + 1 < args.Length:
            warmup = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--json" when i + 1 < args.Length:
            jsonPath = args[++i];
            break;
        case "--side" when i + 1 < args.Length:
            side = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--hangar" when i + 1 < args.Length:
            hangarFiles.Add(args[++i]);
            break;
        case "--files" when i + 1 < args.Length:
            WorkloadFiles.Count = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        default:
            Console.Error.WriteLine("usage: bench --workload A|B|scale|arrays|parquet|remote|lsp|loader|zarrhttp|history|files|all [--repeat N] [--warmup N] [--json FILE] [--hangar FILE]... [--side N] [--files N]");
            return 2;
    }
}
if (workloads.Count == 0)
    workloads.AddRange(["A", "B", "scale", "arrays"]);

var runs = new List<List<PhaseResult>>();
foreach (var workload in workloads)
{
    // Warm-up runs let the JIT settle; only the counted repeats are reported.
    for (int r = 0; r < warmup + repeat; r++)
    {
        var result = workload switch
        {
            "A" => WorkloadA.Run(seed: 42),
            "B" => WorkloadB.Run(seed: 42),
            "scale" => WorkloadScale.Run(seed: 42),
            "parquet" => WorkloadParquet.Run(seed: 42),
            "arrays" => WorkloadArrays.Run(seed: 42),
            "remote" => WorkloadRemote.Run(seed: 42),
            "lsp" => WorkloadLsp.Run(seed: 42),
            "loader" => WorkloadLoader.Run(seed: 42),
            "zarrhttp" => WorkloadZarrHttp.Run(seed: 42, side),
            "history" => WorkloadHistory.Run(seed: 42),
            "files" => WorkloadFiles.Run(seed: 42),
            _ => throw new ArgumentException($"unknown workload {workload}"),
        };
        if (r >= warmup)
            runs.Add(result);
    }
}

// Medians per (workload, phase, samples) over the repeats.
var medians = runs.SelectMany(r => r)
    .GroupBy(p => (p.Workload, p.Phase, p.Samples))
    .Select(g =>
    {
        var sorted = g.OrderBy(p => p.Seconds).ToList();
        var mid = sorted[sorted.Count / 2];
        return mid with { Bytes = g.OrderBy(p => p.Bytes).ElementAt(g.Count() / 2).Bytes };
    })
    .ToList();

var hangarFigures = HangarFigures.Load(hangarFiles);
Console.WriteLine($"{"workload",-8} {"phase",-40} {"samples",9} {"seconds",10} {"MB/s",9} {"Hangar s",9} {"speed-up",9}");
foreach (var p in medians)
{
    var hangar = hangarFigures.SecondsOf(p.Workload, p.Phase);
    string rate = p.Seconds > 0 && p.Bytes > 0 && !p.Phase.StartsWith("disk", StringComparison.Ordinal) ? (p.Bytes / 1e6 / p.Seconds).ToString("F0", CultureInfo.InvariantCulture) : "";
    string ratio = hangar is { } h && p.Seconds > 0 ? (h / p.Seconds).ToString("F1", CultureInfo.InvariantCulture) + "x" : "";
    string seconds = p.Phase.StartsWith("disk", StringComparison.Ordinal) || p.Phase.EndsWith("bytes", StringComparison.Ordinal)
        ? $"{p.Bytes / 1e6:F2} MB" : p.Seconds.ToString("F4", CultureInfo.InvariantCulture);
    if (hangarFigures.DiskOf(p.Workload, p.Phase) is { } hd)
        ratio = $"{hd / 1e6:F1} MB";
    Console.WriteLine($"{p.Workload,-8} {p.Phase,-40} {p.Samples,9} {seconds,10} {rate,9} {(hangar?.ToString("F3", CultureInfo.InvariantCulture) ?? ""),9} {ratio,9}");
}

if (jsonPath is not null)
{
    using var stream = File.Create(jsonPath);
    using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
    w.WriteStartObject();
    w.WriteStartObject("machine");
    w.WriteString("os", RuntimeInformation.OSDescription);
    w.WriteString("runtime", RuntimeInformation.FrameworkDescription);
    w.WriteNumber("cores", Environment.ProcessorCount);
    w.WriteString("cpu", CpuName());
    w.WriteNumber("repeat", repeat);
    w.WriteString("time", DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture));
    w.WriteEndObject();
    w.WriteStartArray("phases");
    foreach (var p in medians)
    {
        w.WriteStartObject();
        w.WriteString("workload", p.Workload);
        w.WriteString("phase", p.Phase);
        w.WriteNumber("seconds", p.Seconds);
        w.WriteNumber("bytes", p.Bytes);
        w.WriteNumber("samples", p.Samples);
        if (hangarFigures.SecondsOf(p.Workload, p.Phase) is { } h)
            w.WriteNumber("hangar_seconds", h);
        w.WriteEndObject();
    }
    w.WriteEndArray();
    w.WriteEndObject();
}
return 0;

static string CpuName()
{
    try
    {
        return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
    }
    catch (IOException)
    {
        return "unknown";
    }
}
