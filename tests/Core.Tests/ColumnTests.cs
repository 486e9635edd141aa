using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Tessera.Tests.Support;

namespace Tessera.Tests;

public class ColumnTests
{
    [Fact]
    public void Every_dtype_round_trips_bit_for_bit()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            Add<bool>(w, [true, false, true]);
            Add<sbyte>(w, [-128, 0, 127]);
            Add<short>(w, [short.MinValue, 1, short.MaxValue]);
            Add<int>(w, [int.MinValue, 2, int.MaxValue]);
            Add<long>(w, [long.MinValue, 3, long.MaxValue]);
            Add<byte>(w, [0, 1, 255]);
            Add<ushort>(w, [0, 1, ushort.MaxValue]);
            Add<uint>(w, [0, 1, uint.MaxValue]);
            Add<ulong>(w, [0, 1, ulong.MaxValue]);
            Add<Half>(w, [Half.NaN, Half.NegativeZero, Half.MaxValue]);
            Add<float>(w, [float.NaN, -0f, float.Epsilon]);
            Add<double>(w, [double.NaN, -0d, double.MaxValue]);
            Add<Complex>(w, [new Complex(1, -1), Complex.Zero, new Complex(double.NaN, 2)]);
            w.Commit("all dtypes");
        }
        var c = t.Reopen().Checkout("HEAD");
        foreach (var node in c.Nodes)
        {
            var sample = c.Column(node.Path).Get(0);
            Assert.Equal(node.Schema!.DType, sample.DType);
            Assert.Equal([3], sample.Shape);
            Assert.Equal(3 * sample.DType!.Value.ItemSize(), sample.Bytes.Length);
        }
        Assert.Equal([long.MinValue, 3, long.MaxValue], c.Column("/int64").Get(0).ToArray<long>());
        Assert.True(double.IsNaN(c.Column("/float64").Get(0).ToArray<double>()[0]));
        Assert.True(BitConverter.DoubleToInt64Bits(c.Column("/float64").Get(0).ToArray<double>()[1]) == BitConverter.DoubleToInt64Bits(-0d));
        Assert.Equal(new Complex(1, -1), c.Column("/complex128").Get(0).ToArray<Complex>()[0]);
        Assert.Equal(ErrorCode.DTypeMismatch, Assert.Throws<InvalidInputException>(() => c.Column("/int64").Get(0).ToArray<int>()).Code);
    }

    private static void Add<T>(WriteCheckout w, T[] values) where T : unmanaged
    {
        var dtype = DTypes.Of<T>();
        w.CreateColumn("/" + dtype.Name(), ColumnSchema.NDArray(dtype, 3)).Add<T>(0, values);
    }

    [Fact]
    public void Str_bytes_and_nested_columns_hold_their_kinds()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/text", ColumnSchema.Str()).AddString("greeting", "héllo wörld ✓");
            w.CreateColumn("/raw", ColumnSchema.Bytes()).AddBytes(7, new byte[] { 0, 1, 2, 255 });
            var nested = w.CreateColumn("/frames", ColumnSchema.NDArray(DType.UInt8, 2) with { Layout = ColumnLayout.Nested });
            nested.Nested(1).Add<byte>(0, [1, 2]);
            nested.Nested(1).Add<byte>(1, [3, 4]);
            nested.Nested("clip").Add<byte>("a", [5, 6]);
            Assert.Equal(ErrorCode.InvalidKey, Assert.Throws<InvalidInputException>(() => nested.Add<byte>(0, [1, 2])).Code);
            w.Commit("kinds");
        }
        var c = t.Repo.Checkout("HEAD");
        Assert.Equal("héllo wörld ✓", c.Column("/text").Get("greeting").AsString());
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, c.Column("/raw").Get(7).Bytes.ToArray());
        var frames = c.Column("/frames");
        Assert.Equal(3, frames.Count);
        Assert.Equal(new byte[] { 3, 4 }, frames.Nested(1).Get(1).ToArray<byte>());
        Assert.Equal(new byte[] { 5, 6 }, frames.Nested("clip").Get("a").ToArray<byte>());
        Assert.Equal(["1/0", "1/1", "clip/a"], frames.Entries().Select(e => $"{e.Key}/{e.Subkey}"));
    }

    [Fact]
    public void Int_and_string_keys_are_different_keys()
    {
        using var t = new TempRepo();
        using var w = t.Repo.OpenWriter();
        var col = w.CreateColumn("/c", ColumnSchema.Str());
        col.AddString(0, "int zero");
        col.AddString("0", "string zero");
        w.Commit("keys");
        var read = t.Repo.Checkout("HEAD").Column("/c");
        Assert.Equal(2, read.Count);
        Assert.Equal("int zero", read.Get(0).AsString());
        Assert.Equal("string zero", read.Get("0").AsString());
        Assert.Equal("string zero", read.Get(SampleKey.Parse("\"0\"")).AsString());
        Assert.Equal("\"0\"", SampleKey.Of("0").ToString());
        Assert.Equal(ErrorCode.InvalidKey, Assert.Throws<InvalidInputException>(() => SampleKey.Of(-1)).Code);
    }

    [Fact]
    public void A_batch_staging_keys_with_the_ids_they_hold_stages_only_the_keys_it_changes()
    {
        const int rows = 10_000;
        var keys = Enumerable.Range(0, rows).Select(i => (SampleKey)i).ToArray();
        var values = Enumerable.Range(0, rows).Select(i => i * 0.5).ToArray();
        using var t = new TempRepo();
        using var w = t.Repo.OpenWriter();
        var x = w.CreateColumn("/x", ColumnSchema.NDArray(DType.Float64));
        x.AddRange<double>(keys, values);
        w.Commit("base");

        // Key 7 staged to another value, key 8 removed, then the committed table staged again with
        // one value changed: 7 and 8 hold their committed values again, 9 the new one.
        x.Add(7, new[] { -1.0 });
        x.Remove(8);
        var again = (double[])values.Clone();
        again[9] = 100.0;
        x.AddRange<double>(keys, again);
        var changes = w.Staging.ChangesFor(x.Node.Id);
        Assert.Equal(3, changes.Count);
        var staged = StagedView.Open(t.Repo).Status().Staged;
        Assert.Equal((0L, 0L, 1L), (staged.Added, staged.Removed, staged.Mutated));
        Assert.Equal([3.5], x.Get(7).ToArray<double>());
        Assert.Equal([4.0], x.Get(8).ToArray<double>());
        Assert.Equal([100.0], x.Get(9).ToArray<double>());

        // Staged again unchanged: nothing more is staged.
        x.AddRange<double>(keys, again);
        Assert.Equal(3, w.Staging.ChangesFor(x.Node.Id).Count);
        w.Commit("one change");
        var diff = t.Repo.Diff("HEAD~1", "HEAD");
        Assert.Equal(1, diff.Mutated);
    }

    [Fact]
    public void A_number_put_back_to_its_committed_value_is_no_change()
    {
        using var t = new TempRepo();
        using var w = t.Repo.OpenWriter();
        var x = w.CreateColumn("/x", ColumnSchema.NDArray(DType.Float64));
        x.AddRange<double>([.. Enumerable.Range(0, 1_000).Select(i => (SampleKey)i)], Enumerable.Range(0, 1_000).Select(i => i * 0.5).ToArray());
        w.Commit("base");
        Assert.True(x.Get(5).Id.IsRunSample, "a batch of numbers is stored in runs");

        // Key 5 put with the value it holds, key 6 changed and put back, key 7 changed.
        x.Add(5, new[] { 2.5 });
        x.Add(6, new[] { -1.0 });
        x.Add(6, new[] { 3.0 });
        x.Add(7, new[] { 9.0 });
        var staged = w.Status().Staged;
        Assert.Equal((0L, 0L, 1L), (staged.Added, staged.Removed, staged.Mutated));
        w.Commit("one change");
        Assert.Equal(1, t.Repo.Diff("HEAD~1", "HEAD").Mutated);
        Assert.Equal([3.0], x.Get(6).ToArray<double>());
    }

    [Fact]
    public void Identical_samples_are_stored_once()
    {
        using var t = new TempRepo();
        using var w = t.Repo.OpenWriter();
        var col = w.CreateColumn("/boxes", ColumnSchema.NDArray(DType.Int64, 4));
        for (int i = 0; i < 1000; i++)
            col.Add<long>(i, [i % 10, 1, 2, 3]);
        w.Commit("boxes");
        Assert.Equal(10, t.Repo.Index.Count);
        // The same bytes with another shape or dtype are another sample.
        var other = w.CreateColumn("/as_pairs", ColumnSchema.NDArray(DType.Int32, 8));
        other.Add<int>(0, [3, 0, 1, 0, 2, 0, 3, 0]);
        w.Commit("same bytes, other dtype");
        Assert.Equal(11, t.Repo.Index.Count);
    }

    [Fact]
    public void Str_and_bytes_batches_given_as_one_buffer_and_offsets_stage_each_value()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            var texts = new[] { "", "é", new string('x', 40), "日本" };
            var utf8 = texts.SelectMany(System.Text.Encoding.UTF8.GetBytes).ToArray();
            var offsets = new int[texts.Length + 1];
            for (int i = 0; i < texts.Length; i++)
                offsets[i + 1] = offsets[i] + System.Text.Encoding.UTF8.GetByteCount(texts[i]);
            w.CreateColumn("/text", ColumnSchema.Str()).AddStrings([0, 1, 2, 3], utf8, offsets);
            w.CreateColumn("/raw", ColumnSchema.Bytes()).AddBytesRange([5, 6], new byte[] { 9, 8, 7, 0xFF }, new[] { 1, 1, 4 });
            w.Commit("buffers");
        }
        var head = t.Repo.Checkout("main");
        Assert.Equal(["", "é", new string('x', 40), "日本"], new[] { 0, 1, 2, 3 }.Select(k => head.Column("/text").Get(k).AsString()));
        Assert.True(head.Column("/raw").Get(5).Bytes.IsEmpty);
        Assert.Equal(new byte[] { 8, 7, 0xFF }, head.Column("/raw").Get(6).Bytes.ToArray());
    }

    [Fact]
    public void A_batch_of_short_str_and_bytes_samples_is_stored_in_text_runs_and_reads_as_its_samples_one_by_one()
    {
        // 40,000 texts of 0 to 22 bytes, some not ASCII: one text run per column (format section 3.6).
        using var t = new TempRepo();
        var (texts, utf8, offsets, keys) = BatchAndEach(t, 40_000);
        t.Reopen();
        var head = t.Repo.Checkout("main");
        for (int i = 0; i < texts.Length; i += 13)
        {
            var sample = head.Column("/text").Get(i);
            Assert.True(sample.Id.IsRunSample);
            var each = head.Column("/text-each").Get(i);
            Assert.True(each.Id.IsInlineSample);
            Assert.Equal((each.Kind, string.Join(',', each.Shape), texts[i]), (sample.Kind, string.Join(',', sample.Shape), sample.AsString()));
            var bytes = head.Column("/raw").Get(i);
            Assert.Equal(ColumnKind.Bytes, bytes.Kind);
            Assert.Equal(utf8[offsets[i]..offsets[i + 1]], bytes.Bytes.ToArray());
            Assert.True(t.Repo.Blobs.SameSample(head.Column("/raw-each").Get(i).Id, bytes.Id));
        }
        Assert.Equal(texts, head.Column("/text").ReadStrings(keys));
        Assert.Equal(2, t.Repo.Index.Count);
        Assert.True(t.Repo.Verify().IsOk);
    }

    [Fact]
    public void A_batch_of_fewer_than_64_short_str_and_bytes_samples_has_the_ids_its_samples_have_one_by_one()
    {
        // Every sample inline (at most 23 bytes): made without hashing or storing.
        using var t = new TempRepo();
        var (texts, _, _, _) = BatchAndEach(t, 63);
        var head = t.Repo.Checkout("main");
        for (int i = 0; i < texts.Length; i++)
        {
            var sample = head.Column("/text").Get(i);
            Assert.True(sample.Id.IsInlineSample);
            Assert.Equal(head.Column("/text-each").Get(i).Id, sample.Id);
            Assert.Equal(texts[i], sample.AsString());
            Assert.Equal(head.Column("/raw-each").Get(i).Id, head.Column("/raw").Get(i).Id);
        }
        Assert.Equal(0, t.Repo.Index.Count);
    }

    /// <summary>
    /// Commits texts of 0 to 22 UTF-8 bytes (every seventh empty, each with a two-byte character) to
    /// /text and /raw in one batch each, and to /text-each and /raw-each one by one; returns them,
    /// back to back with their offsets, and their keys.
    /// </summary>
    private static (string[] Texts, byte[] Utf8, int[] Offsets, SampleKey[] Keys) BatchAndEach(TempRepo t, int count)
    {
        var texts = Enumerable.Range(0, count).Select(i => i % 7 == 0 ? "" : $"name-{i}-é-{new string('z', i % 9)}").ToArray();
        var offsets = new int[texts.Length + 1];
        for (int i = 0; i < texts.Length; i++)
            offsets[i + 1] = offsets[i] + System.Text.Encoding.UTF8.GetByteCount(texts[i]);
        var utf8 = texts.SelectMany(System.Text.Encoding.UTF8.GetBytes).ToArray();
        var keys = Enumerable.Range(0, texts.Length).Select(i => (SampleKey)i).ToArray();
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/text", ColumnSchema.Str()).AddStrings(keys, utf8, offsets);
            w.CreateColumn("/raw", ColumnSchema.Bytes()).AddBytesRange(keys, utf8, offsets);
            var text = w.CreateColumn("/text-each", ColumnSchema.Str());
            var raw = w.CreateColumn("/raw-each", ColumnSchema.Bytes());
            for (int i = 0; i < texts.Length; i++)
            {
                text.AddString(i, texts[i]);
                raw.AddBytes(i, utf8.AsSpan(offsets[i], offsets[i + 1] - offsets[i]));
            }
            w.Commit("short samples");
        }
        return (texts, utf8, offsets, keys);
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0xC3 }, new[] { 0, 1, 2 }, "not valid UTF-8")]
    [InlineData(new byte[] { 0xC3, 0xA9 }, new[] { 0, 1, 2 }, "not valid UTF-8")]   // "é" cut in two: valid whole, not in halves
    [InlineData(new byte[] { 0x61, 0x62 }, new[] { 0, 2 }, "need 3 offsets")]
    [InlineData(new byte[] { 0x61, 0x62 }, new[] { 0, 2, 1 }, "must not decrease")]
    [InlineData(new byte[] { 0x61, 0x62 }, new[] { 0, 1, 3 }, "outside the 2 bytes")]
    public void Bad_str_batches_are_refused_and_stage_nothing(byte[] utf8, int[] offsets, string message)
    {
        using var t = new TempRepo();
        using var w = t.Repo.OpenWriter();
        var col = w.CreateColumn("/text", ColumnSchema.Str());
        var ex = Assert.Throws<InvalidInputException>(() => col.AddStrings([0, 1], utf8, offsets));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, col.Count);
    }

    [Fact]
    public void Samples_of_up_to_31_encoded_bytes_live_in_their_ids()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            // Header 8 bytes + 23 data bytes = 31: inline; 24 data bytes = 32: stored.
            w.CreateColumn("/text", ColumnSchema.Str()).AddStrings([0, 1, 2], ["", new string('a', 23), new string('b', 24)]);
            w.CreateColumn("/scalars", ColumnSchema.NDArray(DType.Float64)).AddRange<double>([0, 1], new[] { 1.5, -0.0 });
            w.CreateColumn("/wide", ColumnSchema.NDArray(DType.Int16, 2, 3)).Add<short>(0, [1, 2, 3, 4, 5, 6]);
            w.Commit("small samples");
        }
        var head = t.Repo.Checkout("main");
        var text = head.Column("/text");
        Assert.Equal(["", new string('a', 23), new string('b', 24)], new[] { 0, 1, 2 }.Select(k => text.Get(k).AsString()));
        Assert.Equal([true, true, false], new[] { 0, 1, 2 }.Select(k => text.Get(k).Id.IsInlineSample));
        Assert.Equal(1.5, head.Column("/scalars").Get(0).ToArray<double>()[0]);
        Assert.True(double.IsNegative(head.Column("/scalars").Get(1).ToArray<double>()[0]));
        var wide = head.Column("/wide").Get(0);
        Assert.True(wide.Id.IsInlineSample);
        Assert.Equal([2, 3], wide.Shape.ToArray());
        Assert.Equal(new short[] { 1, 2, 3, 4, 5, 6 }, wide.ToArray<short>());
        // Only the 32-byte sample is stored; verify and gc agree.
        Assert.Equal(1, t.Repo.Index.Count);
        Assert.True(t.Repo.Verify().IsOk);
        Assert.Equal(0, t.Repo.CollectGarbage(dryRun: false).Blobs);
    }

    [Fact]
    public void Uncompressed_reads_are_zero_copy_views_and_codecs_round_trip()
    {
        using var t = new TempRepo();
        var data = Enumerable.Range(0, 4096).Select(i => (float)(i % 17)).ToArray();
        var codecs = Enum.GetValues<Codec>().Where(c => c != Codec.Dictionary).ToList();
        Assert.Equal(ErrorCode.InvalidSchema, Assert.ThrowsAny<TesseraException>(() => ColumnSchema.NDArray(DType.Float32) with { Compression = Codec.Dictionary }).Code);
        using (var w = t.Repo.OpenWriter())
        {
            foreach (var codec in codecs)
                w.CreateColumn("/" + codec.ToString().ToLowerInvariant(), ColumnSchema.NDArray(DType.Float32, 64, 64) with { Compression = codec }).Add<float>(0, data);
            w.Commit("codecs");
        }
        var c = t.Reopen().Checkout("HEAD");
        foreach (var codec in codecs)
            Assert.Equal(data, c.Column("/" + codec.ToString().ToLowerInvariant()).Get(0).ToArray<float>());
        var view = c.Column("/none").Get(0);
        Assert.False(MemoryMarshal.TryGetArray(view.Bytes, out _));
        Assert.Equal(data.AsSpan(), view.AsSpan<float>());
        var packs = Directory.GetFiles(Path.Combine(t.Dir, ".tensor", "packs"));
        Assert.True(new FileInfo(packs.Single()).Length < 16384 * 2, "compressed columns take less room than two raw copies");
    }

    [Fact]
    public void Tensors_go_in_and_come_out_with_their_shape()
    {
        using var t = new TempRepo();
        var tensor = Tensor.Create(Enumerable.Range(0, 24).Select(i => (double)i).ToArray(), [2, 3, 4]);
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/t", ColumnSchema.NDArray(DType.Float64, 2, 3, 4)).Add(5, tensor);
            w.Commit("tensor");
        }
        var back = t.Repo.Checkout("HEAD").Column("/t").Get(5).ToTensor<double>();
        Assert.Equal([2, 3, 4], back.Lengths.ToArray().Select(l => (int)l));
        Assert.Equal(23.0, back[1, 2, 3]);
    }

    [Fact]
    public void A_large_batch_stores_each_distinct_sample_once_across_the_stretches_it_is_hashed_in()
    {
        // 20,000 samples hash in several stretches while the ones before are stored; sample i repeats
        // sample i % 2,500, so most repeats fall in later stretches than their first copy.
        const int N = 20_000, Distinct = 2_500, Size = 300;
        var data = new byte[N * Size];
        for (int i = 0; i < N; i++)
            new Random(i % Distinct).NextBytes(data.AsSpan(i * Size, Size));
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/images", ColumnSchema.NDArray(DType.UInt8, Size)).AddRange<byte>([.. Enumerable.Range(0, N).Select(i => SampleKey.Of(i))], data);
            w.Commit("repeats");
        }
        var images = t.Reopen().Checkout("HEAD").Column("/images");
        var back = new byte[N * Size];
        images.ReadAll<byte>(back);
        Assert.Equal(data, back);
        using var connection = StoredForms.OpenDatabase(t);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT sum(length(data)) FROM blob_index";
        Assert.Equal(Distinct * Storage.BlobLocation.EntrySize, Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Room_reserved_for_staged_samples_is_a_hint_that_changes_nothing_staged()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            var column = w.CreateColumn("/x", ColumnSchema.NDArray(DType.Int64));
            column.Reserve(1_000);
            Assert.Equal(0, column.Count);
            column.AddRange<long>([.. Enumerable.Range(300, 400).Select(i => SampleKey.Of(i))], Enumerable.Range(300, 400).Select(i => (long)i * 7).ToArray());
            column.Reserve(5);
            // More than reserved, and keys before those staged.
            column.AddRange<long>([.. Enumerable.Range(0, 300).Select(i => SampleKey.Of(i))], Enumerable.Range(0, 300).Select(i => (long)i * 7).ToArray());
            column.Add<long>(300, [42L]);
            Assert.Equal(700, column.Count);
            w.Commit("reserved");
        }
        var committed = t.Reopen().Checkout("HEAD").Column("/x");
        Assert.Equal(700, committed.Count);
        Assert.Equal(42L, committed.Get(300).ToArray<long>()[0]);
        Assert.Equal(699L * 7, committed.Get(699).ToArray<long>()[0]);
        Assert.Equal(Enumerable.Range(0, 700).Select(i => (long)i), committed.Entries().Select(e => e.Key.Int));
    }

    [Fact]
    public void A_list_of_keys_refilled_between_batches_stages_each_batch_under_its_own_keys()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            var a = w.CreateColumn("/a", ColumnSchema.NDArray(DType.Int32));
            var b = w.CreateColumn("/b", ColumnSchema.NDArray(DType.Int32));
            var keys = Enumerable.Range(0, 10).Select(i => SampleKey.Of(i)).ToList();
            a.AddRange<int>(keys, Enumerable.Range(0, 10).ToArray());
            b.AddRange<int>(keys, Enumerable.Range(100, 10).ToArray());
            for (int i = 0; i < keys.Count; i++)
                keys[i] = SampleKey.Of(10 + i);
            a.AddRange<int>(keys, Enumerable.Range(10, 10).ToArray());
            keys[9] = SampleKey.Of("last");
            b.AddRange<int>(keys, Enumerable.Range(110, 10).ToArray());
            w.Commit("two batches");
        }
        var head = t.Reopen().Checkout("HEAD");
        Assert.Equal(Enumerable.Range(0, 20).Select(i => SampleKey.Of(i)), head.Column("/a").Entries().Select(e => e.Key));
        Assert.Equal([.. Enumerable.Range(0, 19).Select(i => SampleKey.Of(i)), SampleKey.Of("last")], head.Column("/b").Entries().Select(e => e.Key));
        Assert.Equal(119, head.Column("/b").Get("last").ToArray<int>()[0]);
        Assert.Equal(18, head.Column("/a").Get(18).ToArray<int>()[0]);
    }

    [Fact]
    public void Staged_changes_survive_closing_the_writer()
    {
        using var t = new TempRepo();
        t.Seed(10);
        using (var w = t.Repo.OpenWriter())
        {
            w.Column("/images").Add<byte>(3, TempRepo.Image(3, 9));
            w.Column("/labels").Remove(4);
            w.SetAttribute("/images", "source", System.Text.Json.Nodes.JsonValue.Create("camera"));
        }
        t.Reopen();
        using (var w = t.Repo.OpenWriter())
        {
            Assert.True(w.HasStagedChanges);
            Assert.Equal(TempRepo.Image(3, 9), w.Column("/images").Get(3).ToArray<byte>());
            Assert.False(w.Column("/labels").Contains(4));
            Assert.Equal(9, w.Column("/labels").Count);
            Assert.Equal("camera", w.Attributes("/images")["source"]!.GetValue<string>());
            var status = w.Status();
            Assert.Equal(1, status.Staged.Mutated);
            Assert.Equal(1, status.Staged.Removed);
            w.Commit("after reopen");
        }
        Assert.Equal(TempRepo.Image(3, 9), t.Repo.Checkout("HEAD").Column("/images").Get(3).ToArray<byte>());
    }

    [Fact]
    public void Groups_move_and_remove_as_metadata()
    {
        using var t = new TempRepo();
        using var w = t.Repo.OpenWriter();
        w.CreateColumn("/mnist/train/images", ColumnSchema.NDArray(DType.UInt8, 2)).Add<byte>(0, [1, 2]);
        w.Commit("nested groups");
        w.Move("/mnist", "/digits");
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<InvalidInputException>(() => w.Move("/digits", "/digits/inner")).Code);
        Assert.Equal(ErrorCode.NodeExists, Assert.Throws<StateException>(() => w.CreateGroup("/digits/train")).Code);
        var moved = w.Commit("rename");
        var c = t.Repo.Checkout(moved.Id.ToString());
        Assert.Equal(new byte[] { 1, 2 }, c.Column("/digits/train/images").Get(0).ToArray<byte>());
        var diff = t.Repo.Diff("HEAD~1", "HEAD");
        Assert.Contains(diff.Nodes, n => n.Change == NodeChange.Moved && n.OldPath == "/mnist/train/images" && n.Path == "/digits/train/images");
        w.Remove("/digits");
        w.Commit("remove group");
        Assert.Empty(t.Repo.Checkout("HEAD").Nodes);
    }

    [Fact]
    public void Several_threads_write_at_once()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            var col = w.CreateColumn("/c", ColumnSchema.NDArray(DType.Int32, 8));
            Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => col.Add<int>(i, Enumerable.Repeat(i, 8).ToArray()));
            w.Commit("parallel");
        }
        var read = t.Repo.Checkout("HEAD").Column("/c");
        Assert.Equal(4000, read.Count);
        Parallel.For(0, 4000, i => Assert.Equal(i, read.Get(i).AsSpan<int>()[7]));
    }
}
