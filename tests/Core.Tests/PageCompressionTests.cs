using Tessera.Manifests;
using Tessera.Storage;
using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>Pages are stored ZSTD-compressed when that pays (format section 5), checked against the hash of their uncompressed bytes.</summary>
public class PageCompressionTests
{
    [Fact]
    public void A_table_column_s_leaves_are_stored_compressed_and_read_back()
    {
        using var t = new TempRepo();
        Table(t);
        var stored = StoredForms.StoredPages(t);
        var compressed = stored.Where(p => p.Data[0] == 0x02).ToList();
        Assert.NotEmpty(compressed);
        Assert.DoesNotContain(stored, p => p.Data[0] == 0x01);
        Assert.All(compressed, p => Assert.True(p.Data.Length < t.Repo.Pages.Raw(p.Id).Length));
        Assert.True(compressed.Sum(p => p.Data.Length) * 2 < compressed.Sum(p => t.Repo.Pages.Raw(p.Id).Length), "a table's leaves compress at least twofold");
        AssertTableReads(t);
        Assert.True(t.Repo.Verify().IsOk);
    }

    [Fact]
    public void A_damaged_compressed_page_is_reported_not_read()
    {
        using var t = new TempRepo();
        Table(t);
        var victim = StoredForms.StoredPages(t).First(p => p.Data[0] == 0x02 && p.Data.Length > 100);
        t.Repo.Dispose();
        foreach (int at in new[] { 2, victim.Data.Length / 2 })
        {
            // The frame's header, then its middle: either ZSTD refuses it or its output does not hash to the id.
            var damaged = (byte[])victim.Data.Clone();
            damaged[at] ^= 0x40;
            StoredForms.SetStoredPage(t, victim.Id, damaged);
            t.Reopen();
            var error = Assert.Throws<CorruptObjectException>(() => t.Repo.Pages.Raw(victim.Id));
            Assert.Contains(victim.Id.ToShortString(), error.Message, StringComparison.Ordinal);
            Assert.False(t.Repo.Verify().IsOk);
            t.Repo.Dispose();
        }
        t.Reopen();
    }

    [Fact]
    public void Pages_a_format_4_writer_stored_with_snappy_still_read()
    {
        using var t = new TempRepo();
        Table(t);
        var stored = StoredForms.StoredPages(t).Where(p => p.Data[0] == 0x02).ToList();
        var pages = stored.Select(p => (p.Id, Page: t.Repo.Pages.Raw(p.Id))).ToList();
        t.Repo.Dispose();
        foreach (var (id, page) in pages)
            StoredForms.SetStoredPage(t, id, SnappyPage(page));
        t.Reopen();
        Assert.All(StoredForms.StoredPages(t), p => Assert.NotEqual(0x02, p.Data[0]));
        AssertTableReads(t);
        Assert.True(t.Repo.Verify().IsOk);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(64 * 1024)]
    [InlineData(3 << 20)] // past the buffer a thread keeps for compressing: one of its own
    public void A_page_stores_alike_from_an_array_or_a_span_and_reads_back(int length)
    {
        using var t = new TempRepo();
        var random = new Random(length);
        var noise = new byte[length];
        random.NextBytes(noise);
        // Compressible: a few distinct bytes in runs, as a leaf's planes of small integers are.
        var runs = Enumerable.Range(0, length).Select(i => (byte)((i / 7) % 5)).ToArray();
        foreach (var page in new[] { noise, runs, noise })
        {
            var stored = PageStore.StoredForm(page.AsSpan());
            Assert.Equal(PageStore.StoredForm(page), stored);
            if (page == runs)
            {
                // Format section 5: 0x02, the page's length as a varint, one ZSTD frame of the page.
                Assert.Equal(0x02, stored[0]);
                int at = 1;
                Assert.Equal((ulong)length, VarInt.Read(stored, ref at));
                using var decompressor = new ZstdNet.Decompressor();
                Assert.Equal(page, decompressor.Unwrap(stored.AsSpan(at).ToArray()));
            }
            else
            {
                Assert.Equal(page, stored);
            }
            var id = ObjectId.Hash(page);
            t.Repo.Db.InTransaction(() => t.Repo.Pages.Write([KeyValuePair.Create(id, page)]));
            Assert.Equal(page, t.Repo.Pages.Raw(id));
        }
    }

    /// <summary>A page as format 4 stored it: <c>0x01</c>, its length as a varint, one Snappy block.</summary>
    internal static byte[] SnappyPage(byte[] page)
    {
        var writer = new ByteWriter(page.Length + 8);
        writer.WriteByte(0x01);
        writer.WriteVarInt((ulong)page.Length);
        writer.Write(Snappier.Snappy.CompressToArray(page));
        return writer.ToArray();
    }

    /// <summary>2,000 float64 scalars (inline samples: each entry repeats an 8-byte header).</summary>
    internal static void Table(TempRepo t)
    {
        using var w = t.Repo.OpenWriter();
        // Short strings added fewer than 64 at a time: inline ids, whose leaves hold the values (larger
        // batches of strings and numbers are stored in runs).
        var column = w.CreateColumn("/x", ColumnSchema.Str());
        foreach (var keys in Enumerable.Range(0, 2_000).Select(i => (SampleKey)i).Chunk(50))
            column.AddStrings(keys, [.. keys.Select(k => Label((int)k.Int))]);
        w.Commit("table");
    }

    internal static void AssertTableReads(TempRepo t)
    {
        var column = t.Repo.Checkout("HEAD").Column("/x");
        Assert.Equal(2_000, column.Count);
        for (int i = 0; i < 2_000; i += 111)
            Assert.Equal(Label(i), column.Get(i).AsString());
    }

    private static string Label(int i) => $"label {i * 0.5}";
}
