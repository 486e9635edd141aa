using Tessera.Formats.Mapping;

namespace Tessera.Tool.Quickstart;

/// <summary>
/// Builds the quick-start repository: digit images, labels and captions over a few commits, a
/// branch merged back, a diff and a Parquet export of the result, and a conflicting merge left
/// in progress on a side branch, so every command has something to show. Each step is reported through <paramref name="say"/>.
/// </summary>
internal sealed class DemoRepository(Repository repo, Action<string> say)
{
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
        this.AddDigits(writer, 0, 60);
        this.Commit(writer, "Add 60 drawn digits with labels and captions");
        repo.Tags.Create("v1");
        say("tagged it v1");

        repo.Branches.Create("more-digits");
        writer.SwitchBranch("more-digits");
        say("created branch more-digits and switched to it");
        this.AddDigits(writer, 60, 40);
        this.Commit(writer, "Add 40 more digits");

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
        var images = writer.Column(Images);
        var labels = writer.Column(Labels);
        var captions = writer.Column(Captions);
        for (int key = first; key < first + count; key++)
        {
            int digit = key % 10;
            var (pixels, caption) = DigitPainter.Draw(digit, this.random);
            images.Add<byte>(key, pixels);
            labels.Add<long>(key, [digit]);
            captions.AddString(key, caption);
        }
        say($"put {count} images, labels and captions (keys {first}..{first + count - 1})");
    }

    private void Commit(WriteCheckout writer, string message)
    {
        var commit = writer.Commit(message);
        say($"committed {commit.ShortId} on {writer.Branch}: {message}");
    }
}
