using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Tessera.Storage;
using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>
/// Text runs (format 9; design note 016, "Later: texts in runs"): a batch of short str or bytes
/// samples stored as runs. Their per-key behaviour is the model test's (<see cref="SampleRunTests"/>);
/// these check the layout, restaging, purge and damage.
/// </summary>
public class TextRunTests
{
    [Fact]
    public void A_text_run_is_the_encoding_the_format_gives_it()
    {
        using var t = new TempRepo();
        var texts = Enumerable.Range(0, 100).Select(i => i % 10 == 0 ? "" : $"é{i}-{new string('x', i)}").ToArray();
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/s", ColumnSchema.Str()).AddStrings(Keys(100), texts);
            w.Commit("texts");
        }
        var first = t.Repo.Checkout("HEAD").Column("/s").Get(0).Id;
        Assert.True(first.IsRunSample);

        // Format section 3.6: kind 3, rank 2, dimensions (N, B), padding; N one-byte lengths; the texts.
        var utf8 = texts.Select(Encoding.UTF8.GetBytes).ToArray();
        int textBytes = utf8.Sum(b => b.Length);
        var encoding = new byte[16 + 100 + textBytes];
        encoding[0] = 3;
        encoding[2] = 2;
        BinaryPrimitives.WriteInt32LittleEndian(encoding.AsSpan(4), 100);
        BinaryPrimitives.WriteInt32LittleEndian(encoding.AsSpan(8), textBytes);
        for (int i = 0, at = 116; i < 100; at += utf8[i].Length, i++)
        {
            encoding[16 + i] = (byte)utf8[i].Length;
            utf8[i].CopyTo(encoding, at);
        }
        var hash = SHA256.HashData(encoding);
        hash[0] &= 0x7F;
        hash.AsSpan(28).Clear();
        Assert.Equal(ObjectId.Read(hash), SampleRun.RunOf(first));
        for (int i = 0; i < 100; i++)
            Assert.Equal(SampleRun.ItemId(SampleRun.RunOf(first), i), t.Repo.Checkout("HEAD").Column("/s").Get(i).Id);
        Assert.True(t.Repo.Verify().IsOk);
    }

    [Fact]
    public void Texts_are_cut_into_runs_of_at_most_a_mebibyte_and_read_back_in_order()
    {
        using var t = new TempRepo();
        // 10,000 texts of 248 bytes, the longest a run holds, and 70,000 short ones: 3 runs, then 2 (65,536 items at most).
        var longTexts = Enumerable.Range(0, 10_000).Select(i => $"{i:D8}".PadRight(TextRun.MaxItemLength, 'y')).ToArray();
        var shortTexts = Enumerable.Range(0, 70_000).Select(i => $"s{i}").ToArray();
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/long", ColumnSchema.Str()).AddStrings(Keys(10_000), longTexts);
            w.CreateColumn("/short", ColumnSchema.Str()).AddStrings(Keys(70_000), shortTexts);
            w.Commit("texts");
        }
        t.Reopen();
        var head = t.Repo.Checkout("HEAD");
        Assert.Equal(longTexts, head.Column("/long").ReadStrings(Keys(10_000)));
        Assert.Equal(shortTexts, head.Column("/short").ReadStrings(Keys(70_000)));
        var runs = Keys(10_000).Select(k => SampleRun.RunOf(head.Column("/long").Get(k).Id)).Distinct().ToList();
        Assert.Equal(3, runs.Count);
        // 1 + 248 bytes an item: 4,211 fill a mebibyte (1,048,539 bytes), and a 4,212th would not fit.
        Assert.Equal([4_211, 4_211, 1_578], runs.Select(r => Keys(10_000).Count(k => SampleRun.RunOf(head.Column("/long").Get(k).Id) == r)));
        Assert.Equal(2, Keys(70_000).Select(k => SampleRun.RunOf(head.Column("/short").Get(k).Id)).Distinct().Count());
        Assert.True(t.Repo.Verify().IsOk);
    }

    [Fact]
    public void A_batch_with_a_text_longer_than_a_run_item_stores_its_samples_one_by_one()
    {
        using var t = new TempRepo();
        var texts = Enumerable.Range(0, 100).Select(i => i == 50 ? new string('z', TextRun.MaxItemLength + 1) : $"t{i}").ToArray();
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/s", ColumnSchema.Str()).AddStrings(Keys(100), texts);
            w.Commit("texts");
        }
        var column = t.Repo.Checkout("HEAD").Column("/s");
        Assert.True(column.Get(1).Id.IsInlineSample);
        Assert.False(column.Get(50).Id.IsRunSample);
        Assert.Equal(texts, column.ReadStrings(Keys(100)));
    }

    [Fact]
    public void Restaging_unchanged_texts_changes_nothing_and_a_text_put_back_is_no_change()
    {
        using var t = new TempRepo();
        var texts = Enumerable.Range(0, 1_000).Select(i => $"name-{i}").ToArray();
        using var w = t.Repo.OpenWriter();
        w.CreateColumn("/s", ColumnSchema.Str()).AddStrings(Keys(1_000), texts);
        var first = w.Commit("import");

        w.Column("/s").AddStrings(Keys(1_000), texts);
        Assert.True(w.Status().Staged.IsEmpty);
        for (int i = 0; i < 10; i++)
            texts[i * 97] += "!";
        w.Column("/s").AddStrings(Keys(1_000), texts);
        Assert.Equal(10, w.Status().Staged.Mutated);
        // One key put back one by one, another by a batch: staged as their committed items again.
        w.Column("/s").AddString(0, "name-0");
        (texts[0], texts[97]) = ("name-0", "name-97");
        w.Column("/s").AddStrings(Keys(1_000), texts);
        Assert.Equal(8, w.Status().Staged.Mutated);
        var second = w.Commit("eight rows");
        var diff = t.Repo.Diff(first.Id.ToString(), second.Id.ToString());
        Assert.Equal((0L, 0L, 8L), (diff.Added, diff.Removed, diff.Mutated));
        Assert.Equal(texts, t.Repo.Checkout("HEAD").Column("/s").ReadStrings(Keys(1_000)));
    }

    [Fact]
    public void A_run_of_one_short_item_is_named_by_its_hash_not_its_bytes()
    {
        // Re-staged with one change, a batch stores a run of one item: a text run of 18 bytes, a run
        // of one float32 of 12. Both are stored, so their ids are SHA-256 run ids (format 3.6), never
        // ids that read as inline samples, which are never stored or sent.
        using var t = new TempRepo();
        var texts = Enumerable.Range(0, 100).Select(i => $"t{i}").ToArray();
        var numbers = Enumerable.Range(0, 100).Select(i => i * 0.5f).ToArray();
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/s", ColumnSchema.Str()).AddStrings(Keys(100), texts);
            w.CreateColumn("/f", ColumnSchema.NDArray(DType.Float32)).AddRange<float>(Keys(100), numbers);
            w.Commit("import");
            (texts[40], numbers[40]) = ("x", -1f);
            w.Column("/s").AddStrings(Keys(100), texts);
            w.Column("/f").AddRange<float>(Keys(100), numbers);
            w.Commit("one change each");
        }
        var head = t.Repo.Checkout("HEAD");
        foreach (var (path, header, data) in new[] { ("/s", (byte[])[3, 0, 2, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], (byte[])[1, (byte)'x']), ("/f", [0, 11, 1, 0, 1, 0, 0, 0], BitConverter.GetBytes(-1f)) })
        {
            var id = head.Column(path).Get(40).Id;
            Assert.True(id.IsRunSample);
            var hash = SHA256.HashData([.. header, .. data]);
            hash[0] &= 0x7F;
            hash.AsSpan(28).Clear();
            Assert.Equal(ObjectId.Read(hash), SampleRun.RunOf(id));
            Assert.False(SampleRun.RunOf(id).IsInlineSample);
        }
        Assert.Equal("x", head.Column("/s").Get(40).AsString());
        Assert.Equal(-1f, head.Column("/f").Get(40).ToArray<float>()[0]);
        Assert.True(t.Repo.Verify().IsOk);
    }

    [Fact]
    public void A_batch_restaged_over_more_than_one_run_keeps_keys_put_back_and_names_the_rest_in_order()
    {
        // 70,000 keys changed again, every 1,000th back to its committed text: 69,930 new items in two
        // runs (65,536 items at most), the 70 others staged with their committed items between them.
        using var t = new TempRepo();
        var committed = Enumerable.Range(0, 70_000).Select(i => $"a{i}").ToArray();
        using var w = t.Repo.OpenWriter();
        w.CreateColumn("/s", ColumnSchema.Str()).AddStrings(Keys(70_000), committed);
        w.Commit("import");
        w.Column("/s").AddStrings(Keys(70_000), [.. Enumerable.Range(0, 70_000).Select(i => $"b{i}")]);
        var last = Enumerable.Range(0, 70_000).Select(i => i % 1_000 == 0 ? committed[i] : $"c{i}").ToArray();
        w.Column("/s").AddStrings(Keys(70_000), last);
        Assert.Equal(69_930, w.Status().Staged.Mutated);
        w.Commit("changed");
        var column = t.Repo.Checkout("HEAD").Column("/s");
        Assert.Equal(last, column.ReadStrings(Keys(70_000)));
        var first = t.Repo.Checkout("HEAD~1").Column("/s");
        for (int i = 0; i < 70_000; i += 1_000)
            Assert.Equal(first.Get(i).Id, column.Get(i).Id);
        Assert.Equal(2, Keys(70_000).Where(k => k.Int % 1_000 != 0).Select(k => SampleRun.RunOf(column.Get(k).Id)).Distinct().Count());
        Assert.True(t.Repo.Verify().IsOk);
    }

    [Fact]
    public void Purging_an_item_of_a_text_run_leaves_no_trace_of_its_bytes_and_keeps_the_others()
    {
        using var t = new TempRepo();
        var texts = Enumerable.Range(0, 500).Select(i => i == 100 ? "secret-4f1d7c" : i % 2 == 0 ? $"n{i}" : $"a longer text, {i}, beyond an inline id's 23 bytes").ToArray();
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/s", ColumnSchema.Str()).AddStrings(Keys(500), texts);
            w.Commit("import");
        }
        using (var w = t.Repo.OpenWriter())
            w.Purge("/s", [100], new PurgeOptions { AllHistory = true });
        t.Repo.CollectGarbage(dryRun: false, keepRefLogCommits: false);

        var indexed = t.Repo.Blobs.Index.Snapshot();
        Assert.DoesNotContain(indexed, e => Encoding.UTF8.GetString(t.Repo.Blobs.Read(e.Key, e.Value).Bytes.Span).Contains("secret", StringComparison.Ordinal));
        var after = t.Repo.Checkout("HEAD").Column("/s");
        Assert.False(after.Contains(100));
        for (int i = 0; i < 500; i++)
        {
            if (i != 100)
                Assert.Equal(texts[i], after.Get(i).AsString());
        }
        Assert.True(t.Repo.Verify().IsOk);
    }

    [Fact]
    public void A_text_run_whose_lengths_do_not_add_up_is_reported_not_read()
    {
        using var t = new TempRepo();
        // Random bytes do not compress: the run is stored as it is, and one length byte is changed in place.
        var rnd = new Random(7);
        var data = new byte[100 * 40];
        rnd.NextBytes(data);
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/b", ColumnSchema.Bytes()).AddBytesRange(Keys(100), data, Enumerable.Range(0, 101).Select(i => i * 40).ToArray());
            w.Commit("bytes");
        }
        var run = SampleRun.RunOf(t.Repo.Checkout("HEAD").Column("/b").Get(0).Id);
        Assert.True(t.Repo.Blobs.Index.TryGet(run, out var location));
        Assert.Equal(Codec.None, location.Codec);
        var stored = t.Repo.Blobs.StoredBytes(run, location).ToArray();
        stored[16 + 5] = 41;
        StoredForms.OverwriteBlob(t, run, location, stored);
        var error = Assert.Throws<CorruptObjectException>(() => t.Repo.Checkout("HEAD").Column("/b").Get(3));
        Assert.Contains("lengths add up to", error.Message, StringComparison.Ordinal);
        Assert.Equal("/b", Assert.Single(t.Repo.Verify().Problems).Node);
    }

    [Fact]
    public void An_inline_id_holding_a_text_run_header_is_refused_as_corrupt()
    {
        // 0x80 + 16, then a text run's header of no items: only runs may have it.
        var bytes = new byte[ObjectId.Size];
        bytes[0] = 0x80 + 16;
        bytes[1] = 3;
        bytes[3] = 2;
        var forged = ObjectId.Read(bytes);
        using var t = new TempRepo();
        Assert.Throws<CorruptObjectException>(() => t.Repo.Blobs.Read(forged));
    }

    private static SampleKey[] Keys(int count) => [.. Enumerable.Range(0, count).Select(i => (SampleKey)i)];
}
