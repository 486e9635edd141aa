using Tessera.Files;

namespace Tessera.Bench;

/// <summary>
/// Workload "files": a folder of 64×64 RGB PNG files in 10 class folders (written by SkiaSharp's encoder), imported
/// with labels; beside it SkiaSharp alone reading and decoding the same files on all cores (the yardstick the import
/// should stay within 2× of), the commit after the import, and a re-import with nothing changed.
/// </summary>
internal static class WorkloadFiles
{
    private const int Side = 64;
    private const int Classes = 10;

    /// <summary>How many files; <c>--files N</c> sets it (the target is measured at 20,000).</summary>
    public static int Count { get; set; } = 20_000;

    public static List<PhaseResult> Run(int seed)
    {
        var rec = new Recorder("files");
        using var scratch = new Scratch();
        string folder = Path.Combine(scratch.Dir, "images");
        var files = Write(folder, seed);
        long decodedBytes = (long)Count * Side * Side * 3;
        rec.Record("files_encoded_bytes", files.Sum(f => new FileInfo(f).Length), Count);

        rec.Time("skia_decode", decodedBytes, Count, () => Parallel.For(0, files.Count, i => ImageCodec.Decode(File.ReadAllBytes(files[i]), 3)));

        using var repo = Repository.Init(Path.Combine(scratch.Dir, "repo"), new InitOptions { UserName = "bench", UserEmail = "bench@localhost" });
        using var writer = repo.OpenWriter();
        var options = new FilesImportOptions { Into = "/images", Label = true };
        var imported = rec.Time("files_import", decodedBytes, Count, () => FilesImporter.Import(repo, writer, folder, options));
        Recorder.Check(imported.Staged == Count && imported.Classes.Count == Classes, "every file is staged with its class");
        rec.Time("files_commit", decodedBytes, Count, () => writer.Commit("images"));
        var again = rec.Time("files_reimport_unchanged", 0, Count, () => FilesImporter.Import(repo, writer, folder, options));
        Recorder.Check(again.Staged == 0 && again.Unchanged == Count, "a re-import of an unchanged folder stages nothing");
        return rec.Results;
    }

    /// <summary>Smooth gradients with noise, so the PNGs compress about as photos' thumbnails do.</summary>
    private static List<string> Write(string folder, int seed)
    {
        var rng = new Random(seed);
        var pixels = new byte[Side * Side * 3];
        var files = new List<string>(Count);
        for (int i = 0; i < Count; i++)
        {
            string file = Path.Combine(folder, $"class{i % Classes}", $"{i:D6}.png");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            int tone = rng.Next(256);
            for (int p = 0; p < pixels.Length; p++)
                pixels[p] = (byte)(tone + (p / 3 % Side) + (p / 3 / Side) + rng.Next(16));
            using (var stream = File.Create(file))
                ImageCodec.EncodePng(pixels, Side, Side, 3, stream);
            files.Add(file);
        }
        return files;
    }
}
