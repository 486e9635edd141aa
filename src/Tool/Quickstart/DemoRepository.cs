using Tessera.Formats.Mapping;

namespace Tessera.Tool.Quickstart;

/// <summary>
/// Builds the quick-start repository: digit images, labels and captions over a few commits, a
/// branch merged back, a diff and a Parquet export of the result, and a conflicting merge left
/// in progress on a side branch, so every command has something to show. Each step is reported through <paramref name="say"/>.
/// <paramref name="digits"/> digits are drawn (keys 0 to digits - 1): three fifths at the tag, the rest on the merged branch.
/// </summary>
internal sealed class DemoRepository(Repository repo, Action<string> say, int digits = DemoRepository.DefaultDigits)
{
    public const int DefaultDigits = 100;

    /// <summary>
    /// The fewest digits the demo makes: main redraws keys 0 to 9, which must all be main's own
    /// (three fifths of the digits, at least 10) so that merging more-digits meets no conflict.
    /// </summary>
    public const int MinDigits = 17;

    public const int MaxDigits = 1_000_000;

    /// <summary>Digits drawn and staged at a time, so memory stays small however many are asked for.</summary>
    private const int StageEvery = 10_000;

    public const string Images = "/digits/images";
    public const string Labels = "/digits/labels";
    public const string Captions = "/digits/captions";
    public const string SideBranch = "fix-captions";
    public const int ConflictKey = 5;
    public const string ExportFile = "digits.parquet";

    private readonly Random random = new(20_26);

    public void Build()
    {
        using var writer = repo.OpenWriter();
        writer.CreateColumn(Images, ColumnSchema.NDArray(DType.UInt8, DigitPainter.Size, DigitPainter.Size));
        writer.CreateColumn(Labels, ColumnSchema.NDArray(DType.Int64));
        writer.CreateColumn(Captions, ColumnSchema.Str());
        writer.SetAttribute("/digits", "description", "Procedurally drawn handwritten-style digits (Tessera quick start)");
        writer.SetAttribute(Images, "unit", "ink intensity 0-255");
        int first = digits * 3 / 5;
        this.AddDigits(writer, 0, first);
        this.Commit(writer, $"Add {first} drawn digits with labels and captions");
        repo.Tags.Create("v1");
        say("tagged it v1");

        repo.Branches.Create("more-digits");
        writer.SwitchBranch("more-digits");
        say("created branch more-digits and switched to it");
        this.AddDigits(writer, first, digits - first);
        this.Commit(writer, $"Add {digits - first} more digits");

        writer.SwitchBranch(Repository.DefaultBranch);
        var images = writer.Column(Images);
        for (int key = 0; key < 10; key++)
            images.Add<byte>(key, DigitPainter.Draw(key % 10, this.random).Pixels);
        this.Commit(writer, "Redraw the first ten digits");
        var merge = writer.Merge("more-digits");
        say($"merged more-digits into main: {merge.Status} {merge.Commit?.ShortId}");
        var diff = repo.Diff("v1", Repository.DefaultBranch, new DiffOptions { IncludeKeys = false });
        say($"diffed v1..main: {diff.Added} samples added, {diff.Mutated} changed, {diff.Removed} removed");
        var export = ParquetExporter.Export(repo, "/digits", Path.Combine(repo.Root, ExportFile), new ExportOptions { Revision = Repository.DefaultBranch });
        say($"exported main's /digits to {ExportFile}: {export.Rows} rows, columns {string.Join(", ", export.Columns)}");

        repo.Branches.Create(SideBranch);
        say($"created branch {SideBranch}");
        writer.Column(Captions).AddString(ConflictKey, "a five with a flat top");
        this.Commit(writer, $"Describe digit {ConflictKey} better");
        writer.SwitchBranch(SideBranch);
        writer.Column(Captions).AddString(ConflictKey, "a five drawn in one stroke");
        writer.Column(Captions).AddString(7, "a seven without a crossbar");
        this.Commit(writer, $"Fix the captions of digits {ConflictKey} and 7");
        var conflicted = writer.Merge(Repository.DefaultBranch);
        say($"on {SideBranch}, merged main: {conflicted.Conflicts.Count} conflict(s) left for you to resolve");
    }

    private void AddDigits(WriteCheckout writer, int first, int count)
    {
        for (int from = first; from < first + count; from += StageEvery)
        {
            int n = Math.Min(StageEvery, first + count - from);
            var keys = Enumerable.Range(from, n).Select(k => SampleKey.Of(k)).ToArray();
            var pixels = new byte[n * DigitPainter.Size * DigitPainter.Size];
            var captions = new string[n];
            for (int i = 0; i < n; i++)
            {
                var (image, caption) = DigitPainter.Draw((from + i) % 10, this.random);
                image.CopyTo(pixels, i * image.Length);
                captions[i] = caption;
            }
            writer.Column(Images).AddRange<byte>(keys, pixels);
            writer.Column(Labels).AddRange<long>(keys, keys.Select(k => k.Int % 10).ToArray());
            writer.Column(Captions).AddStrings(keys, captions);
        }
        say($"put {count} images, labels and captions (keys {first}..{first + count - 1})");
    }

    private void Commit(WriteCheckout writer, string message)
    {
        var commit = writer.Commit(message);
        say($"committed {commit.ShortId} on {writer.Branch}: {message}");
    }
}
