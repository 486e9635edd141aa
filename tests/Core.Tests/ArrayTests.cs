using System.Runtime.InteropServices;
using Tessera.Tests.Support;

namespace Tessera.Tests;

public class ArrayTests
{
    private static float[] Iota(int n) => Enumerable.Range(0, n).Select(i => (float)i).ToArray();

    [Fact]
    public void Slices_read_and_write_like_numpy_basic_indexing()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            var a = w.CreateArray("/grid/a", new ArraySchema(DType.Float32, [10, 12], [4, 5], double.NaN));
            a.Write(Iota(120));
            w.Commit("full write");
        }
        var r = t.Repo.Checkout("HEAD").Array("/grid/a");
        Assert.Equal(Iota(120), r.Read<float>());
        Assert.Equal([24f, 25, 26], r.Read<float>(Slice.Index(2), Slice.Range(0, 3)));
        Assert.Equal([13f, 15, 37, 39], r.Read<float>(Slice.Range(1, 4, 2), Slice.Range(1, 4, 2)));
        Assert.Equal([119f], r.Read<float>(Slice.Index(-1), Slice.Index(-1)));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (float)(i * 12) + 11), r.Read<float>(Slice.All, Slice.Index(11)));
        var tensor = r.ReadTensor<float>(Slice.Parse("2:4, ::6"));
        Assert.Equal([2, 2], tensor.Lengths.ToArray().Select(l => (int)l));
        Assert.Equal(36f, tensor[1, 0]);
        Assert.Equal([3L, 3], r.Schema.GridShape);
    }

    [Fact]
    public void Unwritten_regions_read_as_fill_and_fill_chunks_are_not_stored()
    {
        using var t = new TempRepo();
        using var w = t.Repo.OpenWriter();
        var a = w.CreateArray("/a", new ArraySchema(DType.Int32, [8, 8], [4, 4], -1));
        a.Write(new[] { 7, 8 }, Slice.Index(5), Slice.Range(2, 4));
        a.Write(Enumerable.Repeat(-1, 16).ToArray(), Slice.Range(0, 4), Slice.Range(0, 4));
        w.Commit("partial");
        var r = t.Repo.Checkout("HEAD").Array("/a");
        Assert.Equal(1, t.Repo.Checkout("HEAD").Node("/a").Count);
        var all = r.Read<int>();
        Assert.Equal(7, all[(5 * 8) + 2]);
        Assert.Equal(8, all[(5 * 8) + 3]);
        Assert.Equal(62, all.Count(v => v == -1));
        Assert.Null(r.ReadChunk(0, 0));
        var chunk = r.ReadChunk(1, 0)!;
        Assert.Equal([4, 4], chunk.Shape);
        Assert.False(MemoryMarshal.TryGetArray(chunk.Bytes, out _));
        Assert.Equal(7, chunk.AsSpan<int>()[(1 * 4) + 2]);
    }

    [Fact]
    public void Writers_on_several_threads_keep_every_element_even_within_one_chunk()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            var a = w.CreateArray("/a", new ArraySchema(DType.Int64, [64, 64], [32, 32]));
            Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, row =>
                a.Write(Enumerable.Range(0, 64).Select(c => (long)((row * 64) + c + 1)).ToArray(), Slice.Index(row), Slice.All));
            w.Commit("rows from many threads");
        }
        Assert.Equal(Enumerable.Range(1, 4096).Select(i => (long)i), t.Repo.Checkout("HEAD").Array("/a").Read<long>());
    }

    [Fact]
    public void Resize_shrinks_grows_and_lands_with_writes_in_one_commit()
    {
        using var t = new TempRepo();
        using var w = t.Repo.OpenWriter();
        var a = w.CreateArray("/a", new ArraySchema(DType.UInt8, [6, 6], [4, 4]));
        a.Write(Enumerable.Repeat((byte)9, 36).ToArray());
        var first = w.Commit("filled");
        a.Resize(3, 6);
        a.Resize(6, 8);
        a.Write(new byte[] { 5, 5 }, Slice.Index(5), Slice.Range(6, 8));
        w.Commit("shrink, grow, write");
        var r = t.Repo.Checkout("HEAD").Array("/a");
        Assert.Equal([6L, 8], r.Shape);
        var all = r.Read<byte>();
        for (int i = 0; i < 6; i++)
        {
            for (int j = 0; j < 8; j++)
            {
                byte expected = i < 3 && j < 6 ? (byte)9 : i == 5 && j >= 6 ? (byte)5 : (byte)0;
                Assert.Equal(expected, all[(i * 8) + j]);
            }
        }
        Assert.Equal([6L, 6], t.Repo.Checkout(first.Id.ToString()).Array("/a").Shape);
    }

    [Fact]
    public void Diff_and_merge_work_chunk_by_chunk()
    {
        using var t = new TempRepo();
        using var w = t.Repo.OpenWriter();
        var a = w.CreateArray("/a", new ArraySchema(DType.Float64, [4, 4], [2, 2]));
        a.Write(Enumerable.Range(0, 16).Select(i => (double)i).ToArray());
        w.Commit("base");
        t.Repo.Branches.Create("dev");
        w.SwitchBranch("dev");
        w.Array("/a").Write([100.0], Slice.Index(0), Slice.Index(0));
        w.Array("/a").Write([200.0], Slice.Index(3), Slice.Index(3));
        w.Commit("dev: chunks (0,0) and (1,1)");
        w.SwitchBranch("main");
        w.Array("/a").Write([300.0], Slice.Index(0), Slice.Index(3));
        w.Commit("main: chunk (0,1)");

        var diff = t.Repo.Diff("main", "dev");
        var node = Assert.Single(diff.Nodes);
        Assert.Equal(3, node.Mutated);
        Assert.Equal(["0/0", "0/1", "1/1"], node.Keys.Select(k => k.Key));

        var merged = w.Merge("dev");
        Assert.Equal(MergeStatus.Merged, merged.Status);
        var values = t.Repo.Checkout("HEAD").Array("/a").Read<double>();
        Assert.Equal((100.0, 300.0, 200.0), (values[0], values[3], values[15]));

        t.Repo.Branches.Create("other", "HEAD");
        w.SwitchBranch("other");
        w.Array("/a").Write([1.5], Slice.Index(1), Slice.Index(1));
        w.Commit("other: chunk (0,0)");
        w.SwitchBranch("main");
        w.Array("/a").Write([2.5], Slice.Index(0), Slice.Index(1));
        w.Commit("main: chunk (0,0) too");
        var conflict = Assert.Single(w.Merge("other").Conflicts);
        Assert.Equal(("/a", "0/0", ConflictKind.MutatedBoth), (conflict.Path, conflict.Key, conflict.Kind));
        w.AbortMerge();
    }

    [Fact]
    public void Moving_an_array_is_metadata_only()
    {
        using var t = new TempRepo();
        using var w = t.Repo.OpenWriter();
        w.CreateArray("/raw/a", new ArraySchema(DType.Int16, [100, 100], [10, 10], 1)).Write(Enumerable.Range(0, 10000).Select(i => (short)i).ToArray());
        w.Commit("array");
        var packBefore = Directory.GetFiles(Path.Combine(t.Dir, ".tensor", "packs")).Sum(f => new FileInfo(f).Length);
        w.Move("/raw", "/clean");
        var moved = w.Commit("move");
        Assert.Equal(packBefore, Directory.GetFiles(Path.Combine(t.Dir, ".tensor", "packs")).Sum(f => new FileInfo(f).Length));
        Assert.Equal((short)4321, t.Repo.Checkout(moved.Id.ToString()).Array("/clean/a").Read<short>(Slice.Index(43), Slice.Index(21))[0]);
        var diff = t.Repo.Diff("HEAD~1", "HEAD");
        Assert.Equal(NodeChange.Moved, diff.Nodes.Single(n => n.Path == "/clean/a").Change);
        Assert.Equal(0, diff.Nodes.Single(n => n.Path == "/clean/a").Mutated);
    }

    [Fact]
    public void Bad_array_input_is_refused_and_changes_nothing()
    {
        using var t = new TempRepo();
        using var w = t.Repo.OpenWriter();
        Assert.Equal(ErrorCode.InvalidSchema, Assert.Throws<InvalidInputException>(() => new ArraySchema(DType.Float32, [10, 10], [5])).Code);
        Assert.Equal(ErrorCode.InvalidSchema, Assert.Throws<InvalidInputException>(() => new ArraySchema(DType.Float32, [10], [0])).Code);
        Assert.Equal(ErrorCode.InvalidSchema, Assert.Throws<InvalidInputException>(() => new ArraySchema(DType.Int8, [10], [5], double.NaN)).Code);
        Assert.Equal(ErrorCode.InvalidSchema, Assert.Throws<InvalidInputException>(() => new ArraySchema(DType.UInt8, [10], [5], 256)).Code);
        Assert.Equal(ErrorCode.InvalidSchema, Assert.Throws<InvalidInputException>(() => ArraySchema.ParseFill("lots")).Code);
        var a = w.CreateArray("/a", new ArraySchema(DType.Float32, [10, 10], [5, 5]));
        w.Commit("array");
        Assert.Equal(ErrorCode.OutOfBounds, Assert.Throws<InvalidInputException>(() => a.Read<float>(Slice.Range(0, 11))).Code);
        Assert.Equal(ErrorCode.OutOfBounds, Assert.Throws<InvalidInputException>(() => a.Read<float>(Slice.Index(10))).Code);
        Assert.Equal(ErrorCode.OutOfBounds, Assert.Throws<InvalidInputException>(() => a.Read<float>(Slice.All, Slice.All, Slice.All)).Code);
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<InvalidInputException>(() => Slice.Parse("1:2:3:4")).Code);
        Assert.Equal(ErrorCode.DTypeMismatch, Assert.Throws<InvalidInputException>(() => a.Write(new double[100])).Code);
        Assert.Equal(ErrorCode.ShapeMismatch, Assert.Throws<InvalidInputException>(() => a.Write(new float[99])).Code);
        Assert.Equal(ErrorCode.ShapeMismatch, Assert.Throws<InvalidInputException>(() => a.Resize(10)).Code);
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<InvalidInputException>(() => w.Move("/a", "/a/b")).Code);
        w.CreateGroup("/g");
        Assert.Equal(ErrorCode.NodeExists, Assert.Throws<StateException>(() => w.Move("/a", "/g")).Code);
        w.Reset();
        Assert.False(w.HasStagedChanges);
        Assert.Equal(ErrorCode.OutOfBounds, Assert.Throws<InvalidInputException>(() => t.Repo.Checkout("HEAD").Array("/a").ReadChunk(2, 0)).Code);
    }
}
