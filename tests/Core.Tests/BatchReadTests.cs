using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>Many keys of a column in one call, into contiguous memory, bit for bit as single reads give them.</summary>
public class BatchReadTests
{
    [Fact]
    public void Fixed_shape_samples_come_back_stacked_in_the_order_asked_for()
    {
        using var t = new TempRepo();
        t.Seed(300);
        var images = t.Repo.Checkout("HEAD").Column("/images");
        var keys = Enumerable.Range(0, 300).Select(i => (SampleKey)((i * 7919) % 300)).ToList();
        var batch = images.ReadBatch<byte>(keys);
        Assert.Equal(300 * 16, batch.Length);
        for (int i = 0; i < keys.Count; i++)
            Assert.Equal(images.Get(keys[i]).ToArray<byte>(), batch.AsSpan(i * 16, 16).ToArray());
        var tensor = images.ReadTensor<byte>(keys.Take(5).ToList());
        Assert.Equal([5, 4, 4], tensor.Lengths.ToArray().Select(l => (int)l));
        var labels = t.Repo.Checkout("HEAD").Column("/labels");
        Assert.Equal(keys.Select(k => k.Int % 10), labels.ReadBatch<long>(keys));

        var all = new byte[300 * 16];
        var order = images.ReadAll<byte>(all);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (SampleKey)i), order);
        for (int i = 0; i < 300; i++)
            Assert.Equal(TempRepo.Image(i), all.AsSpan(i * 16, 16).ToArray());
    }

    [Fact]
    public void Large_batches_are_read_in_parallel_and_checked()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            var big = w.CreateColumn("/big", ColumnSchema.NDArray(DType.Float32, 64, 64));
            var values = new float[2000 * 4096];
            for (int i = 0; i < values.Length; i++)
                values[i] = i * 0.25f;
            big.AddRange<float>(Enumerable.Range(0, 2000).Select(i => (SampleKey)i).ToList(), values);
            w.Commit("2000 x 16 KiB");
        }
        var column = t.Repo.Checkout("HEAD").Column("/big");
        var keys = Enumerable.Range(0, 2000).Reverse().Select(i => (SampleKey)i).ToList();
        var read = column.ReadBatch<float>(keys);
        for (int s = 0; s < 2000; s += 97)
            Assert.Equal(column.Get(keys[s]).ToArray<float>(), read.AsSpan(s * 4096, 4096).ToArray());
    }

    [Fact]
    public void Variable_shapes_come_with_their_shapes_or_padded_to_the_max_shape()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            var ragged = w.CreateColumn("/ragged", ColumnSchema.VariableNDArray(DType.Int16, 3, 4));
            ragged.Add<short>(0, [1, 2, 3, 4], 2, 2);
            ragged.Add<short>(1, [5, 6, 7], 3, 1);
            ragged.Add<short>(2, [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19], 3, 4);
            w.Commit("ragged");
        }
        var column = t.Repo.Checkout("HEAD").Column("/ragged");
        var batch = column.ReadVariable<short>([2, 0, 1]);
        Assert.Equal([[3, 4], [2, 2], [3, 1]], batch.Shapes);
        Assert.Equal(new short[] { 1, 2, 3, 4 }, batch.Sample(1).ToArray());
        var padded = batch.Padded(-1);
        Assert.Equal([3, 3, 4], padded.Lengths.ToArray().Select(l => (int)l));
        var flat = padded.ToArray();
        Assert.Equal(new short[] { 1, 2, -1, -1, 3, 4, -1, -1, -1, -1, -1, -1 }, flat.Skip(12).Take(12));
        Assert.Equal(new short[] { 5, -1, -1, -1, 6, -1, -1, -1, 7, -1, -1, -1 }, flat.Skip(24));
        var error = Assert.Throws<InvalidInputException>(() => column.ReadBatch<short>([0]));
        Assert.Equal(ErrorCode.ShapeMismatch, error.Code);
        Assert.Contains("ReadVariable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Strings_bytes_and_array_rows_are_read_in_one_call()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            var captions = w.CreateColumn("/captions", ColumnSchema.Str());
            var blobs = w.CreateColumn("/blobs", ColumnSchema.Bytes());
            for (int i = 0; i < 50; i++)
            {
                captions.AddString(i, $"caption number {i} with some more text");
                blobs.AddBytes(i, Enumerable.Repeat((byte)i, i + 40).ToArray());
            }
            var grid = w.CreateArray("/grid", new ArraySchema(DType.Int32, [10, 6], [4, 4]));
            grid.Write(Enumerable.Range(0, 60).ToArray());
            w.Commit("strings, bytes, an array");
        }
        var head = t.Repo.Checkout("HEAD");
        Assert.Equal(["caption number 7 with some more text", "caption number 3 with some more text"], head.Column("/captions").ReadStrings([7, 3]));
        Assert.Equal(Enumerable.Repeat((byte)9, 49), head.Column("/blobs").ReadBytes([9])[0]);
        var rows = head.Array("/grid").ReadRows<int>(3, 4);
        Assert.Equal([4, 6], rows.Lengths.ToArray().Select(l => (int)l));
        Assert.Equal(Enumerable.Range(18, 24), rows.ToArray());
    }

    [Fact]
    public void Bad_requests_read_nothing_and_say_why()
    {
        using var t = new TempRepo();
        t.Seed(10);
        var images = t.Repo.Checkout("HEAD").Column("/images");
        var destination = new byte[3 * 16];
        var missing = Assert.Throws<NotFoundException>(() => images.ReadBatch<byte>([1, 99, 2], destination));
        Assert.Equal(ErrorCode.KeyNotFound, missing.Code);
        Assert.All(destination, b => Assert.Equal(0, b));
        Assert.Equal(ErrorCode.DTypeMismatch, Assert.Throws<InvalidInputException>(() => images.ReadBatch<float>([1])).Code);
        Assert.Equal(ErrorCode.ShapeMismatch, Assert.Throws<InvalidInputException>(() => images.ReadBatch<byte>([1, 2], new byte[16])).Code);
        Assert.Equal(ErrorCode.DTypeMismatch, Assert.Throws<InvalidInputException>(() => images.ReadStrings([1])).Code);
    }

    /// <summary>
    /// Samples held in their ids (a float64 scalar is its own id) read by id as a scan reads them, and
    /// an id of another dtype and shape (an int64 of the same size, a float64 pair) refused, not copied.
    /// </summary>
    [Fact]
    public void Inline_samples_read_by_id_are_checked_against_the_columns_dtype_and_shape()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/x", ColumnSchema.NDArray(DType.Float64)).AddRange<double>([0, 1, 2], new[] { 0.5, -1.25, double.NaN });
            w.CreateColumn("/n", ColumnSchema.NDArray(DType.Int64)).AddRange<long>([0], new long[] { 7 });
            w.CreateColumn("/p", ColumnSchema.NDArray(DType.Float64, 2)).AddRange<double>([0], new double[] { 1, 2 });
            w.Commit("inline samples");
        }
        var head = t.Repo.Checkout("HEAD");
        var x = (ColumnSnapshot)head.Column("/x");
        var ids = x.Entries().Select(e => e.Id).ToArray();
        Assert.All(ids, id => Assert.True(id.IsInlineSample));
        var values = new double[3];
        x.ReadBatch(ids, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        Assert.Equal([0.5, -1.25, double.NaN], values);

        foreach (var other in new[] { "/n", "/p" })
        {
            var foreign = ((ColumnSnapshot)head.Column(other)).Entries().Single().Id;
            var error = Assert.Throws<CorruptObjectException>(() => x.ReadBatch(new[] { ids[0], foreign }, new byte[16]));
            Assert.Contains("does not have the dtype and shape of its column", error.Message);
        }
    }

    [Fact]
    public void A_corrupt_sample_fails_the_batch_instead_of_returning_its_bytes()
    {
        using var t = new TempRepo();
        t.Seed(40);
        t.Repo.Dispose();
        var pack = Directory.GetFiles(Path.Combine(t.Dir, ".tensor", "packs")).Single();
        var bytes = File.ReadAllBytes(pack);
        bytes[^9] ^= 0x10;
        File.WriteAllBytes(pack, bytes);
        var images = t.Reopen().Checkout("HEAD").Column("/images");
        Assert.Throws<CorruptObjectException>(() => images.ReadBatch<byte>([.. Enumerable.Range(0, 40).Select(i => (SampleKey)i)]));
    }

    [Fact]
    public void Large_reads_through_read_windows_are_exact_and_a_corrupt_sample_fails_them()
    {
        using var t = new TempRepo();
        const int n = 6, elements = 512 * 1024;
        var values = new float[n * elements];
        for (int i = 0; i < values.Length; i++)
            values[i] = i * 0.5f;
        using (var w = t.Repo.OpenWriter())
        {
            // 2 MiB samples: larger than a read window's usual size, 12 MiB in all.
            w.CreateColumn("/big", ColumnSchema.NDArray(DType.Float32, 512, 1024)).AddRange<float>([.. Enumerable.Range(0, n).Select(i => (SampleKey)i)], values);
            w.Commit("6 x 2 MiB");
        }
        var all = new float[values.Length];
        t.Repo.Checkout("HEAD").Column("/big").ReadAll<float>(all);
        Assert.True(all.AsSpan().SequenceEqual(values));

        t.Repo.Dispose();
        var pack = Directory.GetFiles(Path.Combine(t.Dir, ".tensor", "packs")).Single();
        using (var file = new FileStream(pack, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = file.Length / 2;
            int b = file.ReadByte();
            file.Position = file.Length / 2;
            file.WriteByte((byte)(b ^ 0x01));
        }
        var big = t.Reopen().Checkout("HEAD").Column("/big");
        Assert.Throws<CorruptObjectException>(() => big.ReadAll<float>(all));
    }
}
