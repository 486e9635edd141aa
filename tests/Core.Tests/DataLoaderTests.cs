using System.Text.Json.Nodes;
using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>The data loader: joins, selections, batches, a deterministic shuffle per epoch, shards, prefetch, partial clones, bad input.</summary>
public class DataLoaderTests
{
    private static readonly string[] ImagesAndLabels = ["/images", "/labels"];

    [Fact]
    public void Every_sample_comes_exactly_once_per_epoch_bit_for_bit_with_its_label()
    {
        using var t = new TempRepo();
        t.Seed(1001);
        var loader = new DataLoader(t.Repo.Checkout("HEAD"), new DataLoaderOptions { Columns = ImagesAndLabels, BatchSize = 64, Shuffle = true, Seed = 7 });
        Assert.Equal(16, loader.BatchesPerEpoch);
        var seen = new List<long>();
        foreach (var batch in loader.Epoch(0))
        {
            Assert.True(batch.Count == 64 || batch.Index == 15);
            var images = batch.Span<byte>("/images");
            var labels = batch.Span<long>("/labels");
            for (int i = 0; i < batch.Count; i++)
            {
                long key = batch.Keys[i].Int;
                Assert.Equal(TempRepo.Image((int)key), images.Slice(i * 16, 16).ToArray());
                Assert.Equal(key % 10, labels[i]);
                seen.Add(key);
            }
            Assert.Equal([batch.Count, 4, 4], batch.Shape("/images"));
            Assert.Equal([batch.Count, 4, 4], batch.Tensor<byte>("/images").Lengths.ToArray().Select(l => (int)l));
        }
        Assert.Equal(Enumerable.Range(0, 1001).Select(i => (long)i), seen.Order());
        Assert.NotEqual(Enumerable.Range(0, 1001).Select(i => (long)i), seen);
    }

    [Fact]
    public void Reused_buffers_give_the_same_batches_serve_later_batches_and_a_consumed_batch_refuses_reads()
    {
        using var t = new TempRepo();
        t.Seed(1001);
        var head = t.Repo.Checkout("HEAD");
        var fresh = new DataLoaderOptions { Columns = ImagesAndLabels, BatchSize = 64, Shuffle = true, Seed = 3 };
        List<(long[] Keys, byte[] Images, long[] Labels)> Copies(DataLoaderOptions o) =>
            [.. new DataLoader(head, o).Epoch(1).Select(b => (b.Keys.Select(k => k.Int).ToArray(), b.Span<byte>("/images").ToArray(), b.Span<long>("/labels").ToArray()))];
        var expected = Copies(fresh);
        foreach (int prefetch in new[] { 0, 2 })
        {
            var reused = Copies(fresh with { ReuseBuffers = true, Prefetch = prefetch });
            Assert.Equal(expected.Count, reused.Count);
            for (int b = 0; b < expected.Count; b++)
                Assert.True(expected[b].Keys.SequenceEqual(reused[b].Keys) && expected[b].Images.SequenceEqual(reused[b].Images) && expected[b].Labels.SequenceEqual(reused[b].Labels), $"batch {b}, prefetch {prefetch}");
        }

        var buffers = new List<byte[]>();
        Batch? previous = null;
        foreach (var batch in new DataLoader(head, fresh with { ReuseBuffers = true, Prefetch = 0 }).Epoch(0))
        {
            if (previous is not null)
            {
                var e = Assert.Throws<InvalidInputException>(() => previous.Span<byte>("/images"));
                Assert.Equal(ErrorCode.InvalidArgument, e.Code);
                Assert.Contains("ReuseBuffers", e.Message);
            }
            buffers.Add(batch.Array<byte>("/images"));
            previous = batch;
        }
        // Without read-ahead, every whole batch is read into the one buffer; the short last batch gets its own.
        Assert.Single(buffers.Take(15).Distinct());
        Assert.Equal(1001 - (15 * 64), buffers[15].Length / 16);
        Assert.Equal(16, new DataLoader(head, fresh with { Prefetch = 0 }).Epoch(0).Select(b => b.Array<byte>("/images")).Distinct().Count());
    }

    [Fact]
    public void The_order_is_key_order_without_shuffle_and_the_same_for_the_same_seed_and_epoch()
    {
        using var t = new TempRepo();
        t.Seed(500);
        var head = t.Repo.Checkout("HEAD");
        List<long> Order(DataLoaderOptions o, int epoch) =>
            [.. new DataLoader(head, o).Epoch(epoch).SelectMany(b => b.Keys.Select(k => k.Int))];
        var plain = new DataLoaderOptions { Columns = ["/labels"], BatchSize = 30 };
        Assert.Equal(Enumerable.Range(0, 500).Select(i => (long)i), Order(plain, 0));
        var shuffled = plain with { Shuffle = true, Seed = 42 };
        Assert.Equal(Order(shuffled, 0), Order(shuffled, 0));
        Assert.Equal(Order(shuffled, 3), Order(shuffled with { Prefetch = 0 }, 3));
        Assert.NotEqual(Order(shuffled, 0), Order(shuffled, 1));
        Assert.NotEqual(Order(shuffled, 0), Order(shuffled with { Seed = 43 }, 0));
        // The permutation is our own (xoshiro256** + Fisher–Yates), so it is fixed across machines and runtimes.
        Assert.Equal([304, 105, 147, 493, 330], Order(shuffled, 0).Take(5));
    }

    [Fact]
    public void Shards_together_read_every_sample_exactly_once_and_drop_last_drops_short_batches()
    {
        using var t = new TempRepo();
        t.Seed(1000);
        var head = t.Repo.Checkout("HEAD");
        var all = new List<long>();
        for (int rank = 0; rank < 3; rank++)
        {
            var shard = new DataLoader(head, new DataLoaderOptions { Columns = ["/labels"], BatchSize = 50, Shuffle = true, Seed = 1, Rank = rank, WorldSize = 3 });
            Assert.Equal(rank == 0 ? 334 : 333, shard.SamplesPerEpoch);
            all.AddRange(shard.Epoch(2).SelectMany(b => b.Keys.Select(k => k.Int)));
        }
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), all.Order());
        var dropped = new DataLoader(head, new DataLoaderOptions { Columns = ["/labels"], BatchSize = 300, DropLast = true });
        Assert.Equal([300, 300, 300], dropped.Epoch().Select(b => b.Count));
    }

    [Fact]
    public void Columns_with_different_keys_are_an_error_unless_an_inner_join_is_asked_for()
    {
        using var t = new TempRepo();
        t.Seed(100);
        using (var w = t.Repo.OpenWriter())
        {
            w.Column("/labels").Remove(42);
            w.Column("/images").Add<byte>(500, TempRepo.Image(500));
            w.Commit("keys differ");
        }
        var head = t.Repo.Checkout("HEAD");
        var error = Assert.Throws<InvalidInputException>(() => new DataLoader(head, new DataLoaderOptions { Columns = ImagesAndLabels }));
        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("hold different keys", error.Message, StringComparison.Ordinal);
        Assert.Contains("KeyJoin.Inner", error.Message, StringComparison.Ordinal);
        var inner = new DataLoader(head, new DataLoaderOptions { Columns = ImagesAndLabels, Join = KeyJoin.Inner });
        Assert.Equal(99, inner.Keys.Count);
        Assert.DoesNotContain((SampleKey)42, inner.Keys);
        Assert.DoesNotContain((SampleKey)500, inner.Keys);
    }

    [Fact]
    public void Keys_are_selected_by_list_range_pattern_or_named_split()
    {
        using var t = new TempRepo();
        t.Seed(100);
        using (var w = t.Repo.OpenWriter())
        {
            w.SetAttribute("/labels", "splits", JsonNode.Parse("""{"train": "0:80", "test": "80:100", "odd": [1, 3, 5]}"""));
            var names = w.CreateColumn("/names", ColumnSchema.Str());
            foreach (var name in new[] { "cat_1", "cat_2", "dog_1" })
                names.AddString(name, name);
            w.Commit("splits");
        }
        var head = t.Repo.Checkout("HEAD");
        int Count(KeySelection keys, string column = "/labels") => new DataLoader(head, new DataLoaderOptions { Columns = [column], Keys = keys }).Keys.Count;
        Assert.Equal(80, Count(KeySelection.Split("train")));
        Assert.Equal(20, Count(KeySelection.Split("test")));
        Assert.Equal(3, Count(KeySelection.Split("odd")));
        Assert.Equal(10, Count(KeySelection.Between(10, 20)));
        Assert.Equal(2, Count(KeySelection.Of([1, 2, 1000])));
        Assert.Equal(2, Count(KeySelection.Matching("cat_*"), "/names"));
        Assert.Equal(10, Count(KeySelection.Parse("90:100")));
        var missing = Assert.Throws<NotFoundException>(() => Count(KeySelection.Split("validation")));
        Assert.Contains("No split 'validation'", missing.Message, StringComparison.Ordinal);
        Assert.Equal("validation", missing.Details[ErrorDetail.Name]);
        Assert.True(missing.Details.ContainsKey(ErrorDetail.Group));
    }

    [Fact]
    public async Task Prefetch_stays_within_its_bound_and_cancellation_stops_the_reader()
    {
        using var t = new TempRepo();
        t.Seed(2000);
        var loader = new DataLoader(t.Repo.Checkout("HEAD"), new DataLoaderOptions { Columns = ImagesAndLabels, BatchSize = 10, Prefetch = 3 });
        using var cancel = new CancellationTokenSource();
        int seen = 0;
        var enumerator = loader.EpochAsync(0, cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await enumerator.MoveNextAsync());
        await Task.Delay(500);
        // Queued (3) + the one being read (1) + the one held (1).
        Assert.InRange(loader.BatchesRead, 1, 5);
        seen++;
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            while (await enumerator.MoveNextAsync())
                seen++;
        });
        await enumerator.DisposeAsync();
        int read = loader.BatchesRead;
        await Task.Delay(200);
        Assert.Equal(read, loader.BatchesRead);
        Assert.True(seen < loader.BatchesPerEpoch);
    }

    [Fact]
    public async Task The_staging_area_can_be_loaded_and_async_enumeration_gives_the_same_batches()
    {
        using var t = new TempRepo();
        t.Seed(50);
        using (var w = t.Repo.OpenWriter())
        {
            w.Column("/images").Add<byte>(50, TempRepo.Image(50));
            w.Column("/labels").Add<long>(50, [0]);
        }
        var staged = new DataLoader(StagedView.Open(t.Repo), new DataLoaderOptions { Columns = ImagesAndLabels, BatchSize = 8 });
        Assert.Equal(51, staged.Keys.Count);
        var sync = staged.Epoch().SelectMany(b => b.Keys).ToList();
        var asynchronous = new List<SampleKey>();
        await foreach (var batch in staged.EpochAsync())
            asynchronous.AddRange(batch.Keys);
        Assert.Equal(sync, asynchronous);
        Assert.Equal(50, new DataLoader(t.Repo.Checkout("HEAD"), new DataLoaderOptions { Columns = ImagesAndLabels }).Keys.Count);
    }

    [Fact]
    public void A_partial_clone_fails_with_the_fetch_command_or_fetches_ahead_of_reading()
    {
        using var origin = new TempRepo();
        origin.Seed(400);
        string clonePath = Directory.CreateTempSubdirectory("tessera-partial-").FullName;
        try
        {
            using var clone = Repository.Clone(origin.Dir, clonePath, new CloneOptions { NoData = true });
            var head = clone.Checkout("HEAD");
            var refused = Assert.Throws<NotFoundException>(() => new DataLoader(head, new DataLoaderOptions { Columns = ImagesAndLabels }));
            Assert.Equal(ErrorCode.MissingObject, refused.Code);
            Assert.Contains("not in this partial clone. Fetch them first", refused.Message, StringComparison.Ordinal);
            Assert.Equal("/images", refused.Details[ErrorDetail.Path]);
            Assert.Equal(head.Commit!.ShortId, refused.Details[ErrorDetail.Revision]);

            var loader = new DataLoader(head, new DataLoaderOptions { Columns = ImagesAndLabels, BatchSize = 20, Shuffle = true, Seed = 3, FetchFrom = clone.Remotes.Samples("origin"), FetchAhead = 2, Prefetch = 0 });
            Assert.Equal(400, loader.Missing);
            int stored = 0;
            foreach (var batch in loader.Epoch())
            {
                if (batch.Index == 0)
                {
                    // Its own window (2 batches) and at most the next one, fetching in the background.
                    stored = clone.Index.Count;
                    Assert.InRange(stored, 20, 80);
                }
                var images = batch.Span<byte>("/images");
                for (int i = 0; i < batch.Count; i++)
                    Assert.Equal(TempRepo.Image((int)batch.Keys[i].Int), images.Slice(i * 16, 16).ToArray());
            }
            // 400 keys, 256 distinct images (the seed's pattern repeats every 256 keys): each fetched once.
            Assert.Equal(256, clone.Index.Count);
        }
        finally
        {
            Directory.Delete(clonePath, recursive: true);
        }
    }

    [Fact]
    public void Bad_options_and_nodes_are_refused_with_their_codes()
    {
        using var t = new TempRepo();
        t.Seed(20);
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateArray("/grid", new ArraySchema(DType.Int32, [4], [2]));
            w.Commit("an array");
        }
        var head = t.Repo.Checkout("HEAD");
        ErrorCode Fails(DataLoaderOptions o) => Assert.ThrowsAny<TesseraException>(() => new DataLoader(head, o)).Code;
        Assert.Equal(ErrorCode.InvalidArgument, Fails(new DataLoaderOptions { Columns = ["/labels"], BatchSize = 0 }));
        Assert.Equal(ErrorCode.InvalidArgument, Fails(new DataLoaderOptions { Columns = ["/labels"], Rank = 2, WorldSize = 2 }));
        Assert.Equal(ErrorCode.InvalidArgument, Fails(new DataLoaderOptions { Columns = [] }));
        Assert.Equal(ErrorCode.InvalidArgument, Fails(new DataLoaderOptions { Columns = ["/labels", "labels"] }));
        Assert.Equal(ErrorCode.NodeNotFound, Fails(new DataLoaderOptions { Columns = ["/nope"] }));
        Assert.Equal(ErrorCode.InvalidArgument, Fails(new DataLoaderOptions { Columns = ["/grid"] }));
        Assert.Equal(ErrorCode.RefNotFound, Assert.Throws<NotFoundException>(() => t.Repo.Checkout("nope")).Code);
        var batch = new DataLoader(head, new DataLoaderOptions { Columns = ImagesAndLabels, BatchSize = 4 }).Epoch().First();
        Assert.Equal(ErrorCode.DTypeMismatch, Assert.Throws<InvalidInputException>(() => batch.Span<float>("/images")).Code);
        Assert.Equal(ErrorCode.DTypeMismatch, Assert.Throws<InvalidInputException>(() => batch.Strings("/labels")).Code);
        Assert.Equal(ErrorCode.NodeNotFound, Assert.Throws<NotFoundException>(() => batch.Span<byte>("/other")).Code);
    }
}
