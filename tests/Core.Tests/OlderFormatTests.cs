using Tessera.Storage;
using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>A repository written by format 4 (Deflate runs, Snappy pages) is a valid format 9 one (format section 11).</summary>
public class OlderFormatTests
{
    private const int Width = 16;

    [Fact]
    public void A_format_4_repository_with_deflate_runs_and_snappy_pages_reads_and_takes_zstd()
    {
        using var t = new TempRepo();
        PageCompressionTests.Table(t);
        var vectors = Vectors(0, 1_000);
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/v", ColumnSchema.NDArray(DType.Float32, Width));
            w.Column("/v").AddRange<float>(Keys(0, 1_000), vectors);
            w.Commit("vectors");
        }
        var oldRun = SampleRun.RunOf(t.Repo.Checkout("HEAD").Column("/v").Get(0).Id);
        var pages = StoredForms.StoredPages(t).Where(p => p.Data[0] == 0x02).Select(p => (p.Id, Page: t.Repo.Pages.Raw(p.Id))).ToList();
        StoreAsDeflate(t, oldRun);
        foreach (var (id, page) in pages)
            StoredForms.SetStoredPage(t, id, PageCompressionTests.SnappyPage(page));
        StoredForms.SetFormat(t, "4");

        t.Reopen();
        Assert.Equal("9", StoredForms.Format(t));
        Assert.True(t.Repo.Blobs.Index.TryGet(oldRun, out var location));
        Assert.Equal(Codec.Deflate, location.Codec);
        PageCompressionTests.AssertTableReads(t);
        AssertVectors(t, 0, vectors);
        Assert.True(t.Repo.Verify().IsOk);

        var more = Vectors(1_000, 500);
        using (var w = t.Repo.OpenWriter())
        {
            w.Column("/v").AddRange<float>(Keys(1_000, 500), more);
            w.Commit("more vectors");
        }
        t.Reopen();
        Assert.Equal(Codec.Zstd, ZstdCodecTests.StoredCodec(t, t.Repo.Checkout("HEAD").Column("/v").Get(1_000).Id));
        Assert.Contains(StoredForms.StoredPages(t), p => p.Data[0] == 0x01);
        Assert.Contains(StoredForms.StoredPages(t), p => p.Data[0] == 0x02);
        AssertVectors(t, 0, vectors);
        AssertVectors(t, 1_000, more);
        Assert.True(t.Repo.Verify().IsOk);
    }

    /// <summary>Stores a blob again at the end of its pack, Deflate-compressed as a format 4 writer stored runs, and points the index at it.</summary>
    private static void StoreAsDeflate(TempRepo t, ObjectId id)
    {
        var sample = t.Repo.Blobs.Read(id);
        var header = BlobFormat.Header(sample.Kind, sample.DType, [.. sample.Shape]);
        var packed = Codecs.Compress(Codec.Deflate, sample.Bytes.Span, elementSize: 1)!;
        Assert.True(t.Repo.Blobs.Index.TryGet(id, out var location));
        var pack = t.Repo.Blobs.Packs.PathOf(location.Pack);
        t.Repo.Dispose();
        using (var stream = new FileStream(pack, FileMode.Append))
        {
            stream.Write(new byte[(int)(-stream.Position & 7)]);
            location = new BlobLocation(location.Pack, stream.Position, header.Length + packed.Length, Codec.Deflate, Crc32C.Compute(header, packed));
            stream.Write(header);
            stream.Write(packed);
        }
        StoredForms.SetIndexEntry(t, id, location);
    }

    private static void AssertVectors(TempRepo t, int from, float[] expected)
    {
        var column = t.Repo.Checkout("HEAD").Column("/v");
        for (int i = 0; i < expected.Length / Width; i += 53)
            Assert.Equal(expected.AsSpan(i * Width, Width).ToArray(), column.Get(from + i).ToArray<float>());
    }

    private static SampleKey[] Keys(int from, int count) => [.. Enumerable.Range(from, count).Select(i => (SampleKey)i)];

    private static float[] Vectors(int from, int count) => [.. Enumerable.Range(from * Width, count * Width).Select(i => (i * 7919 % 10_000) / 100f)];
}
