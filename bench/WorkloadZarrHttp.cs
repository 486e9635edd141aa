using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Formats.Zarr;
using Tessera.Server;

namespace Tessera.Bench;

/// <summary>
/// Workload "zarrhttp": the float32 (side, side) array of <see cref="WorkloadArrays"/> (256 × 256
/// chunks) read whole by zarrita from the Zarr view of <c>dotnet tensor serve</c> on 127.0.0.1, and
/// from <c>export zarr</c> of the same commit on disk (targets: the view within 2× the disk read);
/// then the time to the first byte of a chunk GET, the median over every chunk of the array
/// requested once (target ≤ 5 ms).
/// </summary>
internal static class WorkloadZarrHttp
{
    private const int Chunk = 256;

    public static List<PhaseResult> Run(int seed, int side)
    {
        var rec = new Recorder("zarrhttp");
        var rng = new Random(seed);
        var data = new float[side * side];
        for (int i = 0; i < data.Length; i++)
            data[i] = (float)rng.NextDouble();
        long bytes = data.Length * 4L;

        using var scratch = new Scratch();
        var served = Path.Combine(scratch.Dir, "served");
        using var repo = Repository.Init(Path.Combine(served, "arrays"), new InitOptions { UserName = "bench", UserEmail = "bench@localhost" });
        using (var w = repo.OpenWriter())
        {
            w.CreateArray("/big", new ArraySchema(DType.Float32, [side, side], [Chunk, Chunk])).Write(data);
            w.Commit("big array");
        }
        string commit = repo.Lookup("main").Id.ToString();
        string export = Path.Combine(scratch.Dir, "export.zarr");
        ZarrExporter.Export(repo, "/", export, new ZarrExportOptions { Revision = commit });

        using var app = TesseraServer.Build(new ServerOptions { Root = served, Urls = ["http://127.0.0.1:0"], ZarrOnly = true });
        app.StartAsync().GetAwaiter().GetResult();
        try
        {
            string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + $"/arrays/zarr/{commit}";
            var disk = ReadWithZarrita(export);
            var http = ReadWithZarrita(url);
            Recorder.Check(disk.Sha256 == http.Sha256, "zarrita reads the same elements from the view and from the export");
            rec.Results.Add(new PhaseResult("zarrhttp", "zarrita_read_full_disk", disk.Seconds, bytes, (long)side * side));
            rec.Results.Add(new PhaseResult("zarrhttp", "zarrita_read_full_http", http.Seconds, bytes, (long)side * side));

            double firstByte = MedianFirstByte(url, side / Chunk);
            // No bytes: a rate of the first byte means nothing.
            rec.Results.Add(new PhaseResult("zarrhttp", "chunk_first_byte_median", firstByte, 0, (side / Chunk) * (side / Chunk)));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"zarrhttp ({side}, {side}): view {http.Seconds:F3} s, disk {disk.Seconds:F3} s, ratio {http.Seconds / disk.Seconds:F2}x (target <= 2x); first byte of a chunk {firstByte * 1000:F2} ms median (target <= 5 ms)"));
        }
        finally
        {
            app.StopAsync().GetAwaiter().GetResult();
        }
        return rec.Results;
    }

    private static (double Seconds, string Sha256) ReadWithZarrita(string source)
    {
        using var doc = JsonDocument.Parse(WorkloadParquet.Node("zarrita-time.mjs", source, "/big"));
        return (doc.RootElement.GetProperty("seconds").GetDouble(), doc.RootElement.GetProperty("sha256").GetString()!);
    }

    /// <summary>Each chunk asked for once, in random order, on one kept-alive connection: the time until its first body byte.</summary>
    private static double MedianFirstByte(string url, int grid)
    {
        using var client = new HttpClient();
        var chunks = Enumerable.Range(0, grid * grid).OrderBy(_ => Random.Shared.Next()).ToList();
        var times = new List<double>(chunks.Count);
        var buffer = new byte[1];
        foreach (int c in chunks)
        {
            var sw = Stopwatch.StartNew();
            using var response = client.GetAsync($"{url}/big/c/{c / grid}/{c % grid}", HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
            using var body = response.Content.ReadAsStream();
            Recorder.Check(body.Read(buffer, 0, 1) == 1, "a chunk has bytes");
            times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
