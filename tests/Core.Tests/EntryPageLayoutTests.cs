using Tessera.Manifests;
using Tessera.Storage;
using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>
/// Entry pages field by field (format 6, section 5.2): ids, then every shared prefix length, every
/// suffix length, every suffix and the id indices; inline ids of one length as byte planes. Pages of
/// formats 3 to 5, entry by entry, still read.
/// </summary>
public class EntryPageLayoutTests
{
    [Fact]
    public void Inline_ids_of_one_length_are_stored_as_planes_and_distinct_ids_in_order_without_indices()
    {
        var entries = new EntryList();
        var ids = new[] { 1.5, 2.5, -3.0 }.Select(Inline).ToArray();
        for (int i = 0; i < ids.Length; i++)
            entries.Add(Key(i), ids[i]);
        var page = EntryPage.Encode(EntryPage.LeafType, entries, 0, entries.Count);

        int length = CompactId.MaxLength(ids[0]);
        byte[] keys = [0, 8, 8, 9, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2];   // shared lengths, suffix lengths, suffixes
        Assert.Equal((byte)'L', page[0]);
        Assert.Equal(0, page[1]);
        Assert.Equal([3, 3, 0b11, (byte)length], page[2..6]);
        Assert.Equal(6 + (length * 3) + keys.Length, page.Length);
        Assert.Equal(keys, page[^keys.Length..]);
        for (int b = 0; b < length; b++)
            Assert.Equal(ids.Select(id => id.ToBytes()[b]), page[(6 + (b * 3))..(9 + (b * 3))]);
        AssertEntries(EntryPage.Decode(page), entries);
        AssertFlatAsDecoded(page);
    }

    [Fact]
    public void Repeated_run_item_and_hashed_ids_keep_their_indices_and_delta_pages_their_zero_ids()
    {
        var run = SampleRun.RunIdOf(ObjectId.Hash([1]));
        var hashed = SampleHasher.Hash([1, 2, 3], new byte[100]);
        ObjectId[] ids = [SampleRun.ItemId(run, 0), SampleRun.ItemId(run, 1), hashed, hashed, Inline(1.0), ObjectId.Zero, SampleRun.ItemId(run, 0)];
        var entries = new EntryList();
        for (int i = 0; i < ids.Length; i++)
            entries.Add(i < 4 ? Key(i) : [2, (byte)('a' + i), 0], ids[i]);
        var page = EntryPage.Encode(EntryPage.DeltaType, entries, 0, entries.Count);
        Assert.Equal([(byte)'D', 0, 7, 5, 0], page[..5]);
        Assert.Equal([0, 1, 2, 2, 3, 4, 0], page[^7..]);
        AssertEntries(EntryPage.Decode(page), entries);
        AssertFlatAsDecoded(page);
    }

    [Fact]
    public void A_page_in_the_row_layout_of_formats_3_to_5_still_reads()
    {
        var one = Inline(1.0);
        var bytesOfOne = one.ToBytes()[..CompactId.MaxLength(one)];
        // Leaf, 3 entries, 1 distinct id; keys 1, 2 and "ab" each with id 0.
        byte[] page = [(byte)'L', 3, 1, .. bytesOfOne, 0, 9, .. Key(1), 0, 8, 1, 2, 0, 0, 4, 2, (byte)'a', (byte)'b', 0, 0];
        var read = EntryPage.Decode(page);
        Assert.Equal(3, read.Count);
        Assert.Equal(Key(1), read.KeyArray(0));
        Assert.Equal(Key(2), read.KeyArray(1));
        Assert.Equal([2, (byte)'a', (byte)'b', 0], read.KeyArray(2));
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(one, read.Value(i)));
        AssertFlatAsDecoded(page);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("unknown flag")]
    [InlineData("fewer ids than entries in order")]
    [InlineData("a plane byte that is not an inline marker")]
    [InlineData("an index past the ids")]
    [InlineData("a suffix past the end")]
    [InlineData("trailing bytes")]
    public void A_malformed_page_is_corrupt(string what)
    {
        var entries = new EntryList();
        entries.Add(Key(0), Inline(1.0));
        entries.Add(Key(1), Inline(2.0));
        entries.Add(Key(2), Inline(1.0));
        var page = EntryPage.Encode(EntryPage.LeafType, entries, 0, entries.Count);
        Assert.Equal([(byte)'L', 0, 3, 2, 0b10], page[..5]);   // two planar ids, indices follow
        byte[] damaged = what switch
        {
            "truncated" => page[..^4],
            "unknown flag" => [.. page[..4], 0b110, .. page[5..]],
            "fewer ids than entries in order" => [.. page[..4], 0b11, .. page[5..]],
            "a plane byte that is not an inline marker" => [.. page[..6], 0x7F, .. page[7..]],
            "an index past the ids" => [.. page[..^1], 2],
            "a suffix past the end" => [.. page[..^17], 100, .. page[^16..]],
            _ => [.. page, 0],
        };
        Assert.Throws<CorruptObjectException>(() => EntryPage.Decode(damaged));
        Assert.Equal(3, EntryPage.CountOf(damaged));
        Assert.Throws<CorruptObjectException>(() => EntryPage.DecodeFlat(damaged, new SampleKey[3], new ObjectId[3]));
    }

    [Fact]
    public void A_nested_key_in_a_flat_scan_is_corrupt_and_keys_past_one_varint_byte_still_read()
    {
        var entries = new EntryList();
        // Shared and suffix lengths of one byte each: each section skipped at once.
        for (int i = 0; i < 200; i++)
            entries.Add(Key(i * 1_000_003), Inline(i));
        var page = EntryPage.Encode(EntryPage.LeafType, entries, 0, entries.Count);
        AssertFlatAsDecoded(page);

        var longKeys = new EntryList();
        // Suffixes of 200 bytes: two-byte lengths, each section skipped a varint at a time.
        for (int i = 0; i < 3; i++)
            longKeys.Add([2, .. Enumerable.Repeat((byte)('a' + i), 200), 0], Inline(i));
        AssertFlatAsDecoded(EntryPage.Encode(EntryPage.LeafType, longKeys, 0, longKeys.Count));

        var nested = new EntryList();
        nested.Add([.. Key(1), .. Key(2)], Inline(1.0));
        var nestedPage = EntryPage.Encode(EntryPage.LeafType, nested, 0, nested.Count);
        Assert.Equal(18, EntryPage.Decode(nestedPage).KeyArray(0).Length);
        var e = Assert.Throws<CorruptObjectException>(() => EntryPage.DecodeFlat(nestedPage, new SampleKey[1], new ObjectId[1]));
        Assert.Contains("nested key", e.Message);
    }

    [Fact]
    public void A_committed_table_s_leaves_are_written_field_by_field()
    {
        using var t = new TempRepo();
        PageCompressionTests.Table(t);
        var leaves = StoredForms.StoredPages(t).Select(p => t.Repo.Pages.Raw(p.Id)).Where(p => p[0] == EntryPage.LeafType).ToList();
        Assert.NotEmpty(leaves);
        Assert.All(leaves, p => Assert.Equal(0, p[1]));
        PageCompressionTests.AssertTableReads(t);
    }

    private static byte[] Key(int i) => Keys.Encode(i);

    private static ObjectId Inline(double value) => SampleHasher.Hash(BlobFormat.Header(ColumnKind.NDArray, DType.Float64, []), BitConverter.GetBytes(value));

    /// <summary>A flat scan's decoding (<see cref="EntryPage.DecodeFlat"/>) gives the page's entries as <see cref="EntryPage.Decode"/> does.</summary>
    private static void AssertFlatAsDecoded(byte[] page)
    {
        var decoded = EntryPage.Decode(page);
        Assert.Equal(decoded.Count, EntryPage.CountOf(page));
        var keys = new SampleKey[decoded.Count];
        var ids = new ObjectId[decoded.Count];
        EntryPage.DecodeFlat(page, keys, ids);
        for (int i = 0; i < decoded.Count; i++)
        {
            Assert.Equal(decoded.KeyArray(i).Length, SampleKey.Decode(decoded.Key(i), out var key));
            Assert.Equal(key, keys[i]);
            Assert.Equal(decoded.Value(i), ids[i]);
        }
    }

    private static void AssertEntries(EntryPage page, EntryList expected)
    {
        Assert.Equal(expected.Count, page.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected.Key(i).ToArray(), page.KeyArray(i));
            Assert.Equal(expected.Value(i), page.Value(i));
        }
    }
}
