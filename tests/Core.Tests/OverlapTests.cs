using System.Text.Json.Nodes;
using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>
/// <see cref="Overlap.Find"/>: samples whose content is on both sides (train/test leakage), found
/// from manifests alone.
/// </summary>
public class OverlapTests
{
    /// <summary>An 8×8 uint8 image distinct for each <paramref name="i"/>; 80 bytes encoded, so it is stored in a pack, not inline.</summary>
    private static byte[] Image(int i)
    {
        var data = new byte[64];
        for (int k = 0; k < data.Length; k++)
            data[k] = (byte)((i * 7) + (k * 13) + (i / 37));
        data[0] = (byte)i;
        data[1] = (byte)(i >> 8);
        return data;
    }

    /// <summary>
    /// /digits/images with keys 0..99 of distinct images, except the planted copies: train keys 3
    /// and 10 reappear as test keys 80, 95 (both of 3) and 90 (of 10); train key 20 repeats train
    /// key 21 and test key 99 repeats test key 98, which is not leakage.
    /// </summary>
    private static Commit SeedDigits(Repository repo)
    {
        using var w = repo.OpenWriter();
        var images = w.CreateColumn("/digits/images", ColumnSchema.NDArray(DType.UInt8, 8, 8));
        var copies = new Dictionary<int, int> { [80] = 3, [95] = 3, [90] = 10, [20] = 21, [99] = 98 };
        for (int i = 0; i < 100; i++)
            images.Add<byte>(i, Image(copies.GetValueOrDefault(i, i)), 8, 8);
        return w.Commit("digits");
    }

    private static string Pairs(OverlapResult result) =>
        string.Join(" ", result.Pairs.Select(p => $"{JsonShapes.KeyText(p.KeyA, p.SubkeyA)}={JsonShapes.KeyText(p.KeyB, p.SubkeyB)}"));

    [Fact]
    public void Key_ranges_of_one_column_report_the_planted_copies_and_not_the_duplicates_within_a_side()
    {
        using var t = new TempRepo();
        SeedDigits(t.Repo);
        var view = t.Repo.Checkout("HEAD");

        var result = Overlap.Find(
            new OverlapSide(view, "/digits/images", KeySelection.Parse("0:70")),
            new OverlapSide(view, "/digits/images", KeySelection.Parse("70:100")));

        Assert.True(result.HasOverlap);
        Assert.Equal(2, result.SharedContents);
        Assert.Equal(3, result.PairCount);
        Assert.Equal("3=80 3=95 10=90", Pairs(result));
        Assert.Equal(view.Column("/digits/images").IdOf(3), result.Pairs[0].Id);
        Assert.Equal(new OverlapSideCounts("/digits/images", view.Commit, "0:70", 70, 69, 2), result.A);
        Assert.Equal(new OverlapSideCounts("/digits/images", view.Commit, "70:100", 30, 28, 3), result.B);
    }

    [Fact]
    public void Disjoint_sides_with_duplicates_inside_each_do_not_overlap()
    {
        using var t = new TempRepo();
        SeedDigits(t.Repo);
        var view = t.Repo.Checkout("HEAD");

        var result = Overlap.Find(
            new OverlapSide(view, "/digits/images", KeySelection.Parse("11:30")),
            new OverlapSide(view, "/digits/images", KeySelection.Parse("96:100")));

        Assert.False(result.HasOverlap);
        Assert.Equal(0, result.PairCount);
        Assert.Empty(result.Pairs);
        Assert.Equal((19, 18), (result.A.Samples, result.A.Contents));
        Assert.Equal((4, 3), (result.B.Samples, result.B.Contents));
    }

    [Fact]
    public void Two_columns_compare_ids_so_dtype_and_shape_are_part_of_equal_content()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            var train = w.CreateColumn("/train/images", ColumnSchema.NDArray(DType.UInt8, 8, 8));
            var test = w.CreateColumn("/test/images", ColumnSchema.NDArray(DType.UInt8, 8, 8));
            var flat = w.CreateColumn("/test/flat", ColumnSchema.NDArray(DType.UInt8, 64));
            var signed = w.CreateColumn("/test/signed", ColumnSchema.NDArray(DType.Int8, 8, 8));
            var raw = w.CreateColumn("/test/raw", ColumnSchema.Bytes());
            for (int i = 0; i < 10; i++)
            {
                train.Add<byte>(i, Image(i), 8, 8);
                test.Add<byte>(i, Image(i == 4 ? 7 : 100 + i), 8, 8);
                flat.Add<byte>(i, Image(i), 64);
                signed.Add(i, DType.Int8, Image(i), [8, 8]);
                raw.AddBytes(i, Image(i));
            }
            w.Commit("columns");
        }
        var view = t.Repo.Checkout("HEAD");
        var trainImages = new OverlapSide(view, "/train/images");

        var same = Overlap.Find(trainImages, new OverlapSide(view, "/test/images"));
        Assert.Equal("7=4", Pairs(same));

        // The same 64 bytes as another shape, another dtype or a bytes sample are other content.
        foreach (var other in new[] { "/test/flat", "/test/signed", "/test/raw" })
            Assert.False(Overlap.Find(trainImages, new OverlapSide(view, other)).HasOverlap, other);
    }

    [Fact]
    public void Two_commits_find_samples_of_the_old_version_brought_back_in_the_new_one()
    {
        using var t = new TempRepo();
        SeedDigits(t.Repo);
        t.Repo.Tags.Create("v1");
        using (var w = t.Repo.OpenWriter())
        {
            var images = w.Column("/digits/images");
            for (int i = 0; i < 100; i++)
                images.Add<byte>(i, Image(1000 + i), 8, 8);     // every sample redrawn...
            images.Add<byte>(150, Image(42), 8, 8);              // ...and one old drawing back under a new key
            w.Commit("redraw");
        }

        var result = Overlap.Find(new OverlapSide(t.Repo.Checkout("v1"), "/digits/images"), new OverlapSide(t.Repo.Checkout("main"), "/digits/images"));

        Assert.Equal("42=150", Pairs(result));
        Assert.Equal(t.Repo.Lookup("v1"), result.A.Commit);
        Assert.Equal(t.Repo.Lookup("main"), result.B.Commit);
        Assert.Equal(101, result.B.Samples);
    }

    [Fact]
    public void The_staged_view_sees_staged_samples_that_the_commit_does_not_have()
    {
        using var t = new TempRepo();
        SeedDigits(t.Repo);
        using (var w = t.Repo.OpenWriter())
        {
            w.Column("/digits/images").Add<byte>(75, Image(12), 8, 8);
            w.Column("/digits/images").Remove(80);
        }
        var train = KeySelection.Parse("0:70");
        var test = KeySelection.Parse("70:100");
        var committed = t.Repo.Checkout("HEAD");
        var staged = StagedView.Open(t.Repo);

        var atCommit = Overlap.Find(new OverlapSide(committed, "/digits/images", train), new OverlapSide(committed, "/digits/images", test));
        var asStaged = Overlap.Find(new OverlapSide(staged, "/digits/images", train), new OverlapSide(staged, "/digits/images", test));

        Assert.Equal("3=80 3=95 10=90", Pairs(atCommit));
        Assert.Equal("3=95 10=90 12=75", Pairs(asStaged));
        Assert.Null(asStaged.A.Commit);
        Assert.Equal(29, asStaged.B.Samples);
    }

    [Fact]
    public void Selections_by_list_pattern_and_named_split_pick_the_keys_of_each_side()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            var words = w.CreateColumn("/text/words", ColumnSchema.Str());
            foreach (var (key, text) in new[] { ("train_a", "apple"), ("train_b", "pear"), ("train_c", "plum"), ("test_a", "plum"), ("test_b", "fig"), ("dev_a", "apple") })
                words.AddString(key, text);
            w.SetAttribute("/text", "splits", JsonNode.Parse("""{"train": "train_*", "held_out": ["test_a", "test_b"]}"""));
            w.Commit("words");
        }
        var view = t.Repo.Checkout("HEAD");

        var byPattern = Overlap.Find(new OverlapSide(view, "/text/words", KeySelection.Parse("train_*")), new OverlapSide(view, "/text/words", KeySelection.Parse("test_*")));
        var bySplit = Overlap.Find(new OverlapSide(view, "/text/words", KeySelection.Parse("split:train")), new OverlapSide(view, "/text/words", KeySelection.Parse("split:held_out")));
        var byList = Overlap.Find(new OverlapSide(view, "/text/words", KeySelection.Parse("train_a,train_b")), new OverlapSide(view, "/text/words", KeySelection.Parse("dev_a,test_b")));

        Assert.Equal("train_c=test_a", Pairs(byPattern));
        Assert.Equal("train_c=test_a", Pairs(bySplit));
        Assert.Equal(("split:train", 3L), (bySplit.A.Keys, bySplit.A.Samples));
        Assert.Equal("train_a=dev_a", Pairs(byList));
        Assert.Equal(2, byList.B.Samples);
    }

    [Fact]
    public void The_pair_list_is_bounded_while_the_counts_stay_exact()
    {
        using var t = new TempRepo();
        t.Seed(100);     // /labels: key i holds i % 10, so every class is on both sides
        var view = t.Repo.Checkout("HEAD");
        var a = new OverlapSide(view, "/labels", KeySelection.Between(0, 60));
        var b = new OverlapSide(view, "/labels", KeySelection.Between(60, 100));

        var five = Overlap.Find(a, b, new OverlapOptions { MaxPairs = 5 });
        var none = Overlap.Find(a, b, new OverlapOptions { MaxPairs = 0 });
        var all = Overlap.Find(a, b, new OverlapOptions { MaxPairs = int.MaxValue });

        Assert.Equal("0=60 0=70 0=80 0=90 1=61", Pairs(five));
        Assert.Empty(none.Pairs);
        foreach (var result in new[] { five, none, all })
        {
            Assert.Equal(10, result.SharedContents);
            Assert.Equal(10 * 6 * 4, result.PairCount);
            Assert.Equal((60, 10, 60), (result.A.Samples, result.A.Contents, result.A.SharedSamples));
            Assert.Equal((40, 10, 40), (result.B.Samples, result.B.Contents, result.B.SharedSamples));
        }
        Assert.Equal(240, all.Pairs.Count);
        Assert.Equal(240, all.Pairs.Distinct().Count());
        Assert.All(all.Pairs, p => Assert.Equal(p.KeyA.Int % 10, p.KeyB.Int % 10));
    }

    [Fact]
    public void Nested_columns_pair_key_and_subkey_and_select_by_key()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            var clips = w.CreateColumn("/clips", ColumnSchema.NDArray(DType.UInt8, 8, 8) with { Layout = ColumnLayout.Nested });
            for (int clip = 0; clip < 6; clip++)
            {
                for (int frame = 0; frame < 3; frame++)
                    clips.Nested(clip).Add<byte>(frame, Image((clip * 10) + frame), 8, 8);
            }
            clips.Nested(5).Add<byte>(3, Image(11), 8, 8);     // clip 1's frame 1 in a test clip
            w.Commit("clips");
        }
        var view = t.Repo.Checkout("HEAD");

        var result = Overlap.Find(new OverlapSide(view, "/clips", KeySelection.Parse("0:4")), new OverlapSide(view, "/clips", KeySelection.Parse("4:6")));

        Assert.Equal("1/1=5/3", Pairs(result));
        Assert.Equal((12, 7), (result.A.Samples, result.B.Samples));
    }

    [Fact]
    public void It_reads_no_sample_bytes_so_it_works_with_every_pack_deleted()
    {
        using var t = new TempRepo();
        SeedDigits(t.Repo);
        t.Repo.Dispose();
        var packs = Directory.GetFiles(Path.Combine(t.Dir, Repository.DirectoryName, "packs"));
        Assert.NotEmpty(packs);
        foreach (var pack in packs)
            File.Delete(pack);
        var repo = t.Reopen();
        var view = repo.Checkout("HEAD");
        Assert.Throws<CorruptObjectException>(() => view.Column("/digits/images").Get(3));     // the bytes are gone

        var result = Overlap.Find(new OverlapSide(view, "/digits/images", KeySelection.Parse("0:70")), new OverlapSide(view, "/digits/images", KeySelection.Parse("70:100")));

        Assert.Equal("3=80 3=95 10=90", Pairs(result));
    }

    [Fact]
    public void It_works_in_a_partial_clone_that_holds_no_sample_bytes()
    {
        using var t = new TempRepo();
        SeedDigits(t.Repo);
        string target = Path.Combine(t.Dir, "..", Path.GetFileName(t.Dir) + "-clone");
        try
        {
            using var clone = Repository.Clone(t.Dir, target, new CloneOptions { NoData = true });
            var view = clone.Checkout("HEAD");
            Assert.Equal(ErrorCode.MissingObject, Assert.ThrowsAny<TesseraException>(() => view.Column("/digits/images").Get(3)).Code);

            var result = Overlap.Find(new OverlapSide(view, "/digits/images", KeySelection.Parse("0:70")), new OverlapSide(view, "/digits/images", KeySelection.Parse("70:100")));

            Assert.Equal("3=80 3=95 10=90", Pairs(result));
        }
        finally
        {
            Directory.Delete(target, recursive: true);
        }
    }

    [Fact]
    public void A_side_that_selects_no_samples_is_refused_as_it_would_always_pass()
    {
        using var t = new TempRepo();
        SeedDigits(t.Repo);
        var view = t.Repo.Checkout("HEAD");

        var error = Assert.Throws<NotFoundException>(() => Overlap.Find(
            new OverlapSide(view, "/digits/images", KeySelection.Parse("0:70")), new OverlapSide(view, "/digits/images", KeySelection.Parse("100:200"))));

        Assert.Equal(ErrorCode.KeyNotFound, error.Code);
        Assert.Contains("B (/digits/images at", error.Message, StringComparison.Ordinal);
        Assert.Contains("keys 100:200) selects no samples", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Groups_arrays_missing_nodes_unknown_splits_and_negative_bounds_are_refused_with_their_codes()
    {
        using var t = new TempRepo();
        SeedDigits(t.Repo);
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateArray("/grid", new ArraySchema(DType.Float32, [4, 4], [2, 2]));
            w.Commit("grid");
        }
        var view = t.Repo.Checkout("HEAD");
        var images = new OverlapSide(view, "/digits/images");

        TesseraException Refused(Action find) => Assert.ThrowsAny<TesseraException>(find);
        Assert.Equal(ErrorCode.InvalidArgument, Refused(() => Overlap.Find(new OverlapSide(view, "/digits"), images)).Code);
        Assert.Equal(ErrorCode.InvalidArgument, Refused(() => Overlap.Find(images, new OverlapSide(view, "/grid"))).Code);
        Assert.Equal(ErrorCode.NodeNotFound, Refused(() => Overlap.Find(images, new OverlapSide(view, "/digits/nope"))).Code);
        Assert.Equal(ErrorCode.KeyNotFound, Refused(() => Overlap.Find(images, images with { Keys = KeySelection.Split("test") })).Code);
        Assert.Equal(ErrorCode.InvalidArgument, Refused(() => KeySelection.Parse("split:")).Code);
        Assert.Equal(ErrorCode.InvalidArgument, Refused(() => Overlap.Find(images, images, new OverlapOptions { MaxPairs = -1 })).Code);
    }
}
