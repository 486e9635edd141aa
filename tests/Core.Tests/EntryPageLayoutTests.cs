using Tessera.Manifests;
using Tessera.Storage;
using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>
/// Entry pages field by field (format 6, section 5.2): ids, then every shared prefix length, every
/// suffix length, every suffix and the id indices; inline ids of one length as byte planes; keys
/// and run items that step from the first stored as the first alone (format 8). Pages of formats
/// 3 to 5, entry by entry, still read.
/// </summary>
public class EntryPageLayoutTests
{
    [Fact]
    public void Inline_ids_of_one_length_are_stored_as_planes_and_distinct_ids_in_order_without_indices()
    {
        var entries = new EntryList();
        var ids = new[] { 1.5, 2.5, -3.0 }.Select(Inline).ToArray();
        int[] keyValues = [0, 1, 3];   // not each the one before plus one: every key's lengths and suffix
        for (int i = 0; i < ids.Length; i++)
            entries.Add(Key(keyValues[i]), ids[i]);
        var page = EntryPage.Encode(EntryPage.LeafType, entries, 0, entries.Count);

        int length = CompactId.MaxLength(ids[0]);
        byte[] keys = [0, 8, 8, 9, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3];   // shared lengths, suffix lengths, suffixes
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
        entries.Add(Key(3), Inline(1.0));
        var page = EntryPage.Encode(EntryPage.LeafType, entries, 0, entries.Count);
        Assert.Equal([(byte)'L', 0, 3, 2, 0b10], page[..5]);   // two planar ids, indices follow
        byte[] damaged = what switch
        {
            "truncated" => page[..^4],
            "unknown flag" => [.. page[..4], 0b10010, .. page[5..]],
            "fewer ids than entries in order" => [.. page[..4], 0b11, .. page[5..]],
            "a plane byte that is not an inline marker" => [.. page[..6], 0x7F, .. page[7..]],
            "an index past the ids" => [.. page[..^1], 2],
            "a suffix past the end" => [.. page[..^17], 100, .. page[^16..]],
            _ => [.. page, 0],
        };
        Assert.Throws<CorruptObjectException>(() => EntryPage.Decode(damaged));
        // The count comes from the page's head, which is checked whole: flags and counts that contradict each other.
        if (what is "unknown flag" or "fewer ids than entries in order")
            Assert.Throws<CorruptObjectException>(() => EntryPage.CountOf(damaged));
        else
            Assert.Equal(3, EntryPage.CountOf(damaged));
        Assert.Throws<CorruptObjectException>(() => EntryPage.DecodeFlat(damaged, new SampleKey[3], new ObjectId[3]));
    }

    [Fact]
    public void Keys_that_step_by_one_and_a_run_s_consecutive_items_store_the_first_of_each_alone()
    {
        var run = SampleRun.RunIdOf(ObjectId.Hash([7]));
        var entries = new EntryList();
        // 250 to 1,300: the last byte rolls over from 0xFF to 0 four times, carrying into the one before.
        for (int i = 0; i < 1_051; i++)
            entries.Add(Key(250 + i), SampleRun.ItemId(run, 40 + i));
        var page = EntryPage.Encode(EntryPage.LeafType, entries, 0, entries.Count);

        byte[] head = [(byte)'L', 0, 0x9B, 0x08, 0x9B, 0x08, 0b1101];   // 1,051 entries and ids; in order, keys step, ids step
        Assert.Equal(head, page[..head.Length]);
        Assert.Equal(SampleRun.ItemId(run, 40).ToBytes(), page[head.Length..(head.Length + 32)]);
        Assert.Equal([9, .. Key(250)], page[(head.Length + 32)..]);
        AssertEntries(EntryPage.Decode(page), entries);
        AssertFlatAsDecoded(page);

        // Keys that step with ids that do not (inline numbers), and run items under keys that do not.
        var inline = new EntryList();
        var gaps = new EntryList();
        for (int i = 0; i < 300; i++)
        {
            inline.Add(Key(1_000 + i), Inline(i * 0.5));
            gaps.Add(Key(3 * i), SampleRun.ItemId(run, i));
        }
        var inlinePage = EntryPage.Encode(EntryPage.LeafType, inline, 0, inline.Count);
        Assert.Equal(0b111, inlinePage[6]);
        Assert.Equal([9, .. Key(1_000)], inlinePage[^10..]);
        AssertEntries(EntryPage.Decode(inlinePage), inline);
        AssertFlatAsDecoded(inlinePage);
        var gapsPage = EntryPage.Encode(EntryPage.LeafType, gaps, 0, gaps.Count);
        Assert.Equal(0b1001, gapsPage[6]);
        AssertEntries(EntryPage.Decode(gapsPage), gaps);
        AssertFlatAsDecoded(gapsPage);
    }

    /// <summary>
    /// Random pages of keys and ids that step, almost step (a gap, another run, a longer key, a
    /// repeated id) or are anything else read back as written, with the step flags set exactly when
    /// every key (every id) steps (format section 5.2).
    /// </summary>
    [Fact]
    public void Random_pages_read_back_as_written_with_steps_flagged_exactly_when_they_hold()
    {
        var rng = new Random(17);
        var runs = new[] { SampleRun.RunIdOf(ObjectId.Hash([1])), SampleRun.RunIdOf(ObjectId.Hash([2])) };
        var seen = new HashSet<(bool KeysStep, bool IdsStep)>();
        for (int round = 0; round < 400; round++)
        {
            int count = rng.Next(1, 300);
            long firstKey = rng.Next(4) switch { 0 => 0, 1 => 255 - rng.Next(5), 2 => (1L << 40) - 3, _ => rng.NextInt64(1L << 50) };
            int firstItem = rng.Next(4) == 0 ? SampleRun.MaxItems - count : rng.Next(SampleRun.MaxItems - count);
            bool stringKeys = rng.Next(8) == 0;
            // Half the rounds step everywhere but at most one place each for keys and ids: the first
            // pair, the last pair or any (-1: nowhere); the other half anywhere at random.
            bool exact = rng.Next(2) == 0;
            int keyBreak = exact ? BreakAt(rng, count) : 0;
            int itemBreak = exact ? BreakAt(rng, count) : 0;
            var entries = new EntryList();
            long key = firstKey;
            int item = firstItem;
            for (int i = 0; i < count; i++)
            {
                key += i == 0 ? 0 : exact ? (i == keyBreak ? 2 : 1) : rng.Next(20) == 0 ? 2 : 1;
                item += i == 0 ? 0 : exact ? (i == itemBreak ? 2 : 1) : rng.Next(30) == 0 ? rng.Next(3) : 1;
                var id = exact ? SampleRun.ItemId(runs[0], Math.Min(item, SampleRun.MaxItems - 1)) : rng.Next(40) switch
                {
                    0 => Inline(i),
                    1 => SampleRun.ItemId(runs[1], Math.Min(item, SampleRun.MaxItems - 1)),
                    2 when round % 2 == 1 => ObjectId.Zero,
                    _ => SampleRun.ItemId(runs[0], Math.Min(item, SampleRun.MaxItems - 1)),
                };
                entries.Add(stringKeys ? [2, (byte)'k', .. System.Text.Encoding.ASCII.GetBytes(key.ToString("D12", System.Globalization.CultureInfo.InvariantCulture)), 0] : Key(key), id);
            }
            byte type = round % 2 == 1 ? EntryPage.DeltaType : EntryPage.LeafType;
            var page = EntryPage.Encode(type, entries, 0, entries.Count);
            AssertEntries(EntryPage.Decode(page), entries);
            if (!stringKeys)
                AssertFlatAsDecoded(page);

            bool keysStep = count >= 2 && Enumerable.Range(1, count - 1).All(i => Successor(entries.Key(i - 1)).AsSpan().SequenceEqual(entries.Key(i)));
            var first = entries.Value(0);
            bool idsStep = count >= 2 && first.IsRunSample && SampleRun.IndexOf(first) + count <= SampleRun.MaxItems
                && Enumerable.Range(0, count).All(i => entries.Value(i) == SampleRun.ItemId(SampleRun.RunOf(first), SampleRun.IndexOf(first) + i));
            int flagsAt = 2;
            Tessera.Manifests.VarInt.Read(page, ref flagsAt);
            Tessera.Manifests.VarInt.Read(page, ref flagsAt);
            Assert.Equal((keysStep, idsStep), ((page[flagsAt] & 4) != 0, (page[flagsAt] & 8) != 0));
            seen.Add((keysStep, idsStep));
        }
        // The rounds met every combination of the two flags, each set and not.
        Assert.Equal(4, seen.Count);
    }

    /// <summary>Where a page of <paramref name="count"/> entries stops stepping once: entry 1, the last, any, or nowhere (-1).</summary>
    private static int BreakAt(Random rng, int count) => count < 2 ? -1 : rng.Next(4) switch
    {
        0 => 1,
        1 => count - 1,
        2 => rng.Next(1, count),
        _ => -1,
    };

    [Theory]
    [InlineData("steps with one entry")]
    [InlineData("ids that step but are not in order")]
    [InlineData("ids that step from an id that is not a run item")]
    [InlineData("ids that step past the run's last item")]
    [InlineData("keys that step past the largest key of their length")]
    [InlineData("more entries than bytes, with ids that do not step")]
    public void A_malformed_page_of_steps_is_corrupt(string what)
    {
        var run = SampleRun.RunIdOf(ObjectId.Hash([3]));
        var entries = new EntryList();
        bool largest = what == "keys that step past the largest key of their length";
        int item = what == "ids that step past the run's last item" ? SampleRun.MaxItems - 2 : 10;
        entries.Add(largest ? [0xFF, 0xFF, 0xFE] : Key(5), SampleRun.ItemId(run, item));
        entries.Add(largest ? [0xFF, 0xFF, 0xFF] : Key(6), SampleRun.ItemId(run, item + 1));
        var page = EntryPage.Encode(EntryPage.LeafType, entries, 0, entries.Count);
        Assert.Equal([(byte)'L', 0, 2, 2, 0b1101], page[..5]);
        var inline = Inline(1.0);
        byte[] damaged = what switch
        {
            "steps with one entry" => [.. page[..2], 1, 1, .. page[4..]],
            "ids that step but are not in order" => [.. page[..4], 0b1100, .. page[5..]],
            "ids that step from an id that is not a run item" => [.. page[..5], .. inline.ToBytes(), .. page[37..]],
            "ids that step past the run's last item" or "keys that step past the largest key of their length" => [.. page[..2], 3, 3, .. page[4..]],
            _ => [.. page[..2], 0xC8, 0x01, 0xC8, 0x01, 0b0101, .. page[37..], .. Enumerable.Repeat((byte)0xC1, 32), .. Enumerable.Repeat((byte)0, 100)],
        };
        Assert.Throws<CorruptObjectException>(() => EntryPage.Decode(damaged));
        Assert.Throws<CorruptObjectException>(() => EntryPage.DecodeFlat(damaged, new SampleKey[EntryPage.CountOf(damaged)], new ObjectId[EntryPage.CountOf(damaged)]));
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

    private static byte[] Key(long i) => Keys.Encode(i);

    /// <summary>The key plus one, as a big-endian number of its length.</summary>
    private static byte[] Successor(ReadOnlySpan<byte> key)
    {
        var next = key.ToArray();
        for (int b = next.Length - 1; b >= 0 && ++next[b] == 0; b--)
        {
        }
        return next;
    }

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
