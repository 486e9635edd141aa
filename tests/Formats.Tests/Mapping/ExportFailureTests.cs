using Tessera.Formats.Mapping;

namespace Tessera.Formats.Tests.Mapping;

/// <summary>
/// An export gathers row groups on one thread and writes them on another: a failure on either side
/// ends both, reaches the caller as itself, and leaves no file behind.
/// </summary>
public sealed class ExportFailureTests : IDisposable
{
    private const int Rows = 300_000;
    private readonly MappingRepo repo = new();

    public ExportFailureTests()
    {
        var keys = Enumerable.Range(0, Rows).Select(i => SampleKey.Of(i)).ToArray();
        var rng = new Random(3);
        var embeddings = new float[Rows * 16];
        for (int i = 0; i < embeddings.Length; i++)
            embeddings[i] = rng.Next(10_000) / 100f;
        this.repo.Commit(w =>
        {
            w.CreateColumn("/t/x", ColumnSchema.NDArray(DType.Float64)).AddRange<double>(keys, keys.Select(k => k.Int * 0.5).ToArray());
            w.CreateColumn("/t/emb", ColumnSchema.NDArray(DType.Float32, 16)).AddRange<float>(keys, embeddings);
            return 0;
        });
    }

    [Fact]
    public void A_sample_found_corrupt_after_row_groups_were_written_fails_the_export_and_leaves_no_file()
    {
        this.repo.Repo.Dispose();
        var pack = Directory.GetFiles(Path.Combine(this.repo.Directory, "repo", ".tensor", "packs")).OrderBy(f => new FileInfo(f).Length).Last();
        var bytes = File.ReadAllBytes(pack);
        bytes[bytes.Length * 9 / 10] ^= 0x10;   // in one of the last runs: row groups before it are written by then
        File.WriteAllBytes(pack, bytes);
        using var reopened = Repository.Open(Path.Combine(this.repo.Directory, "repo"));
        string file = this.repo.File("t.parquet");
        var error = Assert.Throws<CorruptObjectException>(() => ParquetExporter.Export(reopened, "/t", file, new ExportOptions()));
        Assert.Contains("Verify the repository", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
        Assert.Empty(Directory.GetFiles(this.repo.Directory, "*.parquet*"));
    }

    [Fact]
    public void A_write_that_fails_stops_the_gathering_and_is_reported()
    {
        // /dev/full takes the open and fails every write with "no space left on device".
        var error = Assert.ThrowsAny<IOException>(() => ParquetExporter.Export(this.repo.Repo, "/t", "/dev/full", new ExportOptions()));
        Assert.Contains("No space left on device", error.Message, StringComparison.Ordinal);
        // The repository is still usable: nothing was left holding it.
        Assert.Equal(Rows, this.repo.Head.Column("/t/emb").Count);
    }

    public void Dispose() => this.repo.Dispose();
}
