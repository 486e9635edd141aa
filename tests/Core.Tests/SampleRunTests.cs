using Tessera.Storage;
using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>
/// Runs (design note 016): batches of short fixed-shape samples stored as one object each, while
/// every behaviour stays per key. The model test feeds one random history to a repository through
/// batch calls (runs) and to another sample by sample (hashed ids) and demands the same answers.
/// </summary>
public class SampleRunTests
{
    private const int Width = 16;

    /// <summary>500 equal vectors: any codec keeps them in far less than 7/8 of their bytes.</summary>
    private static readonly float[] Repeated = [.. Enumerable.Range(0, 500 * Width).Select(i => (i % Width) / 4f)];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(0x1234)]
    [InlineData(SampleRun.MaxItems - 1)]
    public void A_run_item_id_has_the_bytes_the_format_gives_it_and_names_its_run_and_index(int index)
    {
        var bytes = new byte[ObjectId.Size];
        new Random(index).NextBytes(bytes);
        bytes[0] &= 0x7F;
        bytes.AsSpan(28).Clear();
        var run = ObjectId.Read(bytes);
        var item = SampleRun.ItemId(run, index);
        // Format section 3.6: 0xC0, the index in three bytes big-endian, then the run id's first 28 bytes.
        byte[] expected = [0xC0, (byte)(index >> 16), (byte)(index >> 8), (byte)index, .. bytes.AsSpan(0, 28)];
        Assert.Equal(expected, item.ToBytes());
        Assert.True(item.IsRunSample);
        Assert.Equal(run, SampleRun.RunOf(item));
        Assert.Equal(index, SampleRun.IndexOf(item));
    }

    public static TheoryData<string, int> Models => new()
    {
        { "vectors", 1 }, { "vectors", 2 }, { "vectors", 3 }, { "vectors", 4 },
        { "texts", 1 }, { "texts", 2 }, { "texts", 3 }, { "texts", 4 },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Runs_behave_per_key_like_samples_stored_one_by_one(string model, int seed)
    {
        var m = RunModel.Of(model);
        using var runs = new TempRepo();
        using var single = new TempRepo();
        var rnd = new Random(seed);
        using var wr = runs.Repo.OpenWriter();
        using var ws = single.Repo.OpenWriter();
        foreach (var w in new[] { wr, ws })
        {
            w.CreateColumn("/v", m.Schema);
            w.Commit("create");
        }
        for (int step = 0; step < 12; step++)
        {
            switch (rnd.Next(4))
            {
                case 0 or 1:
                    PutBatch(m, rnd, wr, ws, Existing(ws), reuse: 0.4);
                    break;
                case 2:
                    foreach (long key in Existing(ws).OrderBy(_ => rnd.Next()).Take(rnd.Next(1, 20)))
                    {
                        wr.Column("/v").Remove(key);
                        ws.Column("/v").Remove(key);
                    }
                    break;
                default:
                    MergeBranch(m, rnd, wr, ws, $"b{step}");
                    break;
            }
            var cr = CommitAny(wr, $"step {step}");
            var cs = CommitAny(ws, $"step {step}");
            AssertSameContent(runs.Repo, single.Repo);
            Assert.Equal(Changes(runs.Repo.Diff(cr.Parents[0].ToString(), cr.Id.ToString())), Changes(single.Repo.Diff(cs.Parents[0].ToString(), cs.Id.ToString())));
        }
        var runIds = runs.Repo.Checkout("HEAD").Column("/v");
        Assert.Contains(Existing(ws), k => runIds.Get(k).Id.IsRunSample);
        Assert.Contains(Existing(ws), k => !runIds.Get(k).Id.IsRunSample);
        Assert.DoesNotContain(Existing(ws), k => single.Repo.Checkout("HEAD").Column("/v").Get(k).Id.IsRunSample);
        Assert.True(runs.Repo.Verify().IsOk);
    }

    [Fact]
    public void A_batch_is_stored_as_one_object_and_reads_back_after_reopening()
    {
        using var t = new TempRepo();
        var data = Vectors(10_000, salt: 1);
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/v", ColumnSchema.NDArray(DType.Float32, Width));
            w.Column("/v").AddRange<float>(Keys(0, 10_000), data);
            w.Commit("import");
        }
        t.Reopen();
        Assert.Equal(1, t.Repo.Index.Count);
        var view = t.Repo.Checkout("HEAD").Column("/v");
        for (int i = 0; i < 10_000; i += 997)
            Assert.Equal(data.AsSpan(i * Width, Width).ToArray(), view.Get(i).ToArray<float>());
        var all = new float[10_000 * Width];
        view.ReadBatch(Keys(0, 10_000), all.AsSpan());
        Assert.Equal(data, all);
        Assert.True(t.Repo.Verify().IsOk);
        t.Repo.CollectGarbage(dryRun: false, keepRefLogCommits: false);
        Assert.Equal(data.AsSpan(5 * Width, Width).ToArray(), t.Repo.Checkout("HEAD").Column("/v").Get(5).ToArray<float>());
    }

    [Fact]
    public void A_run_is_compressed_where_it_pays()
    {
        using var t = new TempRepo();
        // Two significant decimals, like the benchmark table's: deflate keeps about two thirds.
        var data = Vectors(10_000, salt: 5).Select(v => MathF.Round(v * 100) / 100).ToArray();
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/v", ColumnSchema.NDArray(DType.Float32, Width));
            w.Column("/v").AddRange<float>(Keys(0, 10_000), data);
            w.Commit("import");
        }
        long packs = Directory.GetFiles(Path.Combine(t.Dir, ".tensor", "packs")).Sum(f => new FileInfo(f).Length);
        Assert.True(packs < data.Length * sizeof(float) * 7 / 8, $"{packs} bytes of packs for {data.Length * sizeof(float)} bytes of floats");
        t.Reopen();
        Assert.Equal(data, t.Repo.Checkout("HEAD").Column("/v").ReadBatch<float>(Keys(0, 10_000)));
        Assert.True(t.Repo.Verify().IsOk);
    }

    [Fact]
    public void Restaging_unchanged_rows_changes_nothing_and_each_changed_row_is_one_change()
    {
        using var t = new TempRepo();
        var data = Vectors(1_000, salt: 2);
        using var w = t.Repo.OpenWriter();
        w.CreateColumn("/v", ColumnSchema.NDArray(DType.Float32, Width));
        w.Column("/v").AddRange<float>(Keys(0, 1_000), data);
        var first = w.Commit("import");

        w.Column("/v").AddRange<float>(Keys(0, 1_000), data);
        Assert.True(w.Status().Staged.IsEmpty);
        for (int i = 0; i < 10; i++)
            data[(i * 97 * Width) + 3] += 1;
        w.Column("/v").AddRange<float>(Keys(0, 1_000), data);
        Assert.Equal(10, w.Status().Staged.Mutated);
        var second = w.Commit("ten rows");
        var diff = t.Repo.Diff(first.Id.ToString(), second.Id.ToString());
        Assert.Equal((0L, 0L, 10L), (diff.Added, diff.Removed, diff.Mutated));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (i * 97).ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), diff.Nodes.Single().Keys.Select(k => k.Key).Order());
        Assert.Equal(2, t.Repo.Index.Count);   // the first run, and a run of the ten changed rows
    }

    [Fact]
    public void Purging_an_item_of_a_run_leaves_no_trace_of_its_bytes_and_keeps_the_others()
    {
        using var t = new TempRepo();
        var data = Vectors(500, salt: 3);
        var secret = Enumerable.Range(0, Width).Select(i => 1e6f + (i * 0.123f)).ToArray();
        secret.CopyTo(data.AsSpan(100 * Width));
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/v", ColumnSchema.NDArray(DType.Float32, Width));
            w.Column("/v").AddRange<float>(Keys(0, 500), data);
            w.Commit("import");
            w.Column("/v").Add<float>(7, Vectors(1, salt: 9));
            w.Commit("edit 7");
        }
        var secretBytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(secret.AsSpan()).ToArray();
        Assert.True(PacksHold(t, secretBytes));
        var before = t.Repo.Checkout("HEAD").Column("/v");
        var expected = Enumerable.Range(0, 500).Where(k => k != 100).ToDictionary(k => k, k => before.Get(k).ToArray<float>());

        using (var w = t.Repo.OpenWriter())
            w.Purge("/v", [100], new PurgeOptions { AllHistory = true });
        t.Repo.CollectGarbage(dryRun: false, keepRefLogCommits: false);

        Assert.False(PacksHold(t, secretBytes));
        var after = t.Repo.Checkout("HEAD").Column("/v");
        Assert.False(after.Contains(100));
        foreach (var (key, values) in expected)
            Assert.Equal(values, after.Get(key).ToArray<float>());
        Assert.Equal(data.AsSpan(8 * Width, Width).ToArray(), t.Repo.Checkout("HEAD~1").Column("/v").Get(8).ToArray<float>());
        Assert.True(t.Repo.Verify().IsOk);
    }

    [Fact]
    public void A_corrupt_run_is_reported_not_read()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/v", ColumnSchema.NDArray(DType.Float32, Width));
            w.Column("/v").AddRange<float>(Keys(0, 100), Vectors(100, salt: 4));
            w.Commit("import");
        }
        var run = SampleRun.RunOf(t.Repo.Checkout("HEAD").Column("/v").Get(0).Id);
        Assert.True(t.Repo.Blobs.Index.TryGet(run, out var location));
        var pack = t.Repo.Blobs.Packs.PathOf(location.Pack);
        byte damaged = (byte)(t.Repo.Blobs.StoredBytes(run, location)[location.Length / 2] ^ 0x5A);
        t.Repo.Dispose();
        using (var stream = File.OpenWrite(pack))
        {
            stream.Position = location.Offset + (location.Length / 2);
            stream.WriteByte(damaged);
        }
        t.Reopen();
        var error = Assert.Throws<CorruptObjectException>(() => t.Repo.Checkout("HEAD").Column("/v").Get(50));
        Assert.Contains("Verify the repository", error.Message, StringComparison.Ordinal);
        var problem = Assert.Single(t.Repo.Verify().Problems);
        Assert.Equal("/v", problem.Node);   // the run is named by a key that uses it
    }

    [Theory]
    [InlineData("3")]
    [InlineData("4")]
    [InlineData("5")]
    [InlineData("6")]
    [InlineData("7")]
    [InlineData("8")]
    public void A_format_3_to_8_repository_is_marked_format_9_and_others_are_refused(string old)
    {
        using var t = new TempRepo();
        t.Seed(3);
        StoredForms.SetFormat(t, old);
        t.Reopen();
        Assert.Equal("9", StoredForms.Format(t));
        Assert.Equal(3, t.Repo.Checkout("HEAD").Column("/labels").Count);

        StoredForms.SetFormat(t, "2");
        Assert.Equal(ErrorCode.UnsupportedFormat, Assert.ThrowsAny<TesseraException>(() => t.Reopen()).Code);
        StoredForms.SetFormat(t, "10");
        var newer = Assert.ThrowsAny<TesseraException>(() => Repository.Open(t.Dir));
        Assert.Contains("Upgrade Tessera", newer.Message, StringComparison.Ordinal);
        StoredForms.SetFormat(t, "9");
        t.Reopen();
    }

    [Fact]
    public void Runs_are_stored_with_zstd_unless_their_column_names_a_codec()
    {
        using var t = new TempRepo();
        // Numbers with two decimals, as the benchmark table's: ZSTD with its shuffle keeps them in well under 7/8 of their bytes.
        var data = Enumerable.Range(0, 500 * Width).Select(i => (i * 7919 % 10_000) / 100f).ToArray();
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/v", ColumnSchema.NDArray(DType.Float32, Width));
            w.CreateColumn("/d", ColumnSchema.NDArray(DType.Float32, Width) with { Compression = Codec.Deflate });
            w.Column("/v").AddRange<float>(Keys(0, 500), data);
            w.Column("/d").AddRange<float>(Keys(0, 500), Repeated);
            w.Commit("import");
        }
        t.Reopen();
        var head = t.Repo.Checkout("HEAD");
        Assert.True(head.Column("/v").Get(0).Id.IsRunSample);
        Assert.Equal(Codec.Zstd, ZstdCodecTests.StoredCodec(t, head.Column("/v").Get(0).Id));
        Assert.Equal(Codec.Deflate, ZstdCodecTests.StoredCodec(t, head.Column("/d").Get(0).Id));
        for (int i = 0; i < 500; i += 37)
        {
            Assert.Equal(data.AsSpan(i * Width, Width).ToArray(), head.Column("/v").Get(i).ToArray<float>());
            Assert.Equal(Repeated.AsSpan(i * Width, Width).ToArray(), head.Column("/d").Get(i).ToArray<float>());
        }
        Assert.True(t.Repo.Verify().IsOk);
    }

    [Fact]
    public void A_zstd_run_that_does_not_decompress_is_reported_not_read()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/v", ColumnSchema.NDArray(DType.Float32, Width));
            w.Column("/v").AddRange<float>(Keys(0, 100), Enumerable.Range(0, 100 * Width).Select(i => (i % 300) / 100f).ToArray());
            w.Commit("import");
        }
        var run = SampleRun.RunOf(t.Repo.Checkout("HEAD").Column("/v").Get(0).Id);
        Assert.True(t.Repo.Blobs.Index.TryGet(run, out var location));
        Assert.Equal(Codec.Zstd, location.Codec);
        // The frame's magic number broken, and the index's checksum made to match: only the codec can tell.
        var stored = t.Repo.Blobs.StoredBytes(run, location).ToArray();
        stored[BlobFormat.HeaderSize(2)] ^= 0xFF;
        StoredForms.OverwriteBlob(t, run, location, stored);
        var error = Assert.Throws<CorruptObjectException>(() => t.Repo.Checkout("HEAD").Column("/v").Get(50));
        Assert.Contains("does not decompress", error.Message, StringComparison.Ordinal);
        var problem = Assert.Single(t.Repo.Verify().Problems);
        Assert.Equal("/v", problem.Node);
    }

    private static void PutBatch(RunModel m, Random rnd, WriteCheckout wr, WriteCheckout ws, List<long> existing, double reuse)
    {
        var keys = Enumerable.Range(0, 800).Select(k => (long)k).OrderBy(_ => rnd.Next()).Take(rnd.Next(SampleRun.MinItems, 300)).ToList();
        var current = ws.Column("/v");
        var values = keys.Select(k => existing.Contains(k) && rnd.NextDouble() < reuse ? m.ValueOf(current.Get(k)) : m.Make(rnd)).ToList();
        m.AddBatch(wr.Column("/v"), keys, values);
        for (int i = 0; i < keys.Count; i++)
            m.Add(ws.Column("/v"), keys[i], values[i]);
    }

    /// <summary>
    /// A branch and main both change the column, some keys to equal values on both sides (in
    /// different forms: the branch stores them one by one, main in runs), then main merges it; conflicts are taken from the branch.
    /// </summary>
    private static void MergeBranch(RunModel m, Random rnd, WriteCheckout wr, WriteCheckout ws, string branch)
    {
        var shared = m.Make(rnd);
        var both = Enumerable.Range(0, 800).Select(k => (long)k).OrderBy(_ => rnd.Next()).Take(10).ToList();
        var seedBranch = rnd.Next();
        var seedMain = rnd.Next();
        foreach (var (w, side) in new[] { (wr, 0), (ws, 1) })
        {
            w.Repo.Branches.Create(branch);
            w.SwitchBranch(branch);
            Put(w, new Random(seedBranch), asRuns: false);
            w.Commit($"{branch} work");
            w.SwitchBranch("main");
            Put(w, new Random(seedMain), asRuns: side == 0);
            w.Commit($"main work before merging {branch}");
        }
        var mr = wr.Merge(branch);
        var ms = ws.Merge(branch);
        Assert.Equal(ms.Conflicts.Select(c => (c.Path, c.Key, c.Kind)).Order(), mr.Conflicts.Select(c => (c.Path, c.Key, c.Kind)).Order());
        Assert.DoesNotContain(mr.Conflicts, c => both.Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).Contains(c.Key));
        if (mr.Conflicts.Count > 0)
        {
            wr.Resolve("/v", null, MergeSide.Theirs);
            ws.Resolve("/v", null, MergeSide.Theirs);
        }

        void Put(WriteCheckout w, Random r, bool asRuns)
        {
            var keys = Enumerable.Range(0, 800).Select(k => (long)k).Where(k => !both.Contains(k)).OrderBy(_ => r.Next()).Take(r.Next(SampleRun.MinItems, 200)).Concat(both).ToList();
            var values = keys.Select(k => both.Contains(k) ? shared : m.Make(r)).ToList();
            if (asRuns)
            {
                m.AddBatch(w.Column("/v"), keys, values);
                return;
            }
            for (int i = 0; i < keys.Count; i++)
                m.Add(w.Column("/v"), keys[i], values[i]);
        }
    }

    private static List<long> Existing(WriteCheckout w) => [.. w.Column("/v").Keys().Select(k => k.Key.Int)];

    /// <summary>Commits what is staged (a merge without conflicts has committed already); returns the tip.</summary>
    private static Commit CommitAny(WriteCheckout w, string message) =>
        w.Status() is { MergeHead: null, Staged.IsEmpty: true } ? w.Repo.Head! : w.Commit(message);

    private static void AssertSameContent(Repository runs, Repository single)
    {
        var a = runs.Checkout("HEAD").Column("/v");
        var b = single.Checkout("HEAD").Column("/v");
        var keys = b.Entries().Select(e => e.Key.Int).ToList();
        Assert.Equal(keys, a.Entries().Select(e => e.Key.Int).ToList());
        foreach (long key in keys)
        {
            var (x, y) = (b.Get(key), a.Get(key));
            Assert.Equal((x.Kind, x.DType, string.Join(',', x.Shape), Convert.ToHexString(x.Bytes.Span)), (y.Kind, y.DType, string.Join(',', y.Shape), Convert.ToHexString(y.Bytes.Span)));
        }
    }

    private static List<(string Path, string Key, SampleChange Change)> Changes(DiffResult diff) =>
        [.. diff.Nodes.SelectMany(n => n.Keys.Select(k => (n.Path, k.Key, k.Change))).Order()];

    private static SampleKey[] Keys(int from, int count) => [.. Enumerable.Range(from, count).Select(i => (SampleKey)i)];

    private static float[] Vectors(int count, int salt)
    {
        var r = new Random(salt);
        return [.. Enumerable.Range(0, count * Width).Select(_ => (float)r.NextDouble())];
    }

    /// <summary>
    /// True when the packs hold these bytes, as stored or inside a blob once decoded (runs are
    /// compressed). Bytes of no indexed blob would escape the second test: none may be left.
    /// </summary>
    private static bool PacksHold(TempRepo t, byte[] bytes)
    {
        var indexed = t.Repo.Blobs.Index.Snapshot();
        foreach (var file in Directory.GetFiles(Path.Combine(t.Dir, ".tensor", "packs")))
        {
            long blobs = indexed.Where(e => t.Repo.Blobs.Packs.PathOf(e.Value.Pack) == file).Sum(e => (e.Value.Length + 7L) & ~7L);
            Assert.Equal(new FileInfo(file).Length, PackStore.Magic.Length + blobs);
            if (File.ReadAllBytes(file).AsSpan().IndexOf(bytes) >= 0)
                return true;
        }
        return indexed.Any(e => t.Repo.Blobs.Read(e.Key, e.Value).Bytes.Span.IndexOf(bytes) >= 0);
    }
}
