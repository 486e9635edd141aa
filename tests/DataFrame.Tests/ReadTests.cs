using System.Text.Json.Nodes;
using Microsoft.Data.Analysis;
using Tessera.Tests.Support;

namespace Tessera.DataFrames.Tests;

/// <summary>Columns of a commit read into a DataFrame, checked through the DataFrame API.</summary>
public class ReadTests
{
    private const int Rows = 40;

    [Fact]
    public void Every_scalar_dtype_becomes_its_primitive_column_bit_for_bit_in_key_order()
    {
        using var t = new TempRepo();
        var random = new Random(1);
        var keys = Enumerable.Range(0, Rows).Select(i => SampleKey.Of(i * 3)).ToArray();
        var f32 = Enumerable.Range(0, Rows).Select(i => i switch { 0 => BitConverter.Int32BitsToSingle(0x7FC0_4321), 1 => -0f, _ => random.NextSingle() * 1e5f }).ToArray();
        var f64 = Enumerable.Range(0, Rows).Select(i => i == 0 ? double.NegativeInfinity : random.NextDouble()).ToArray();
        var f16 = Enumerable.Range(0, Rows).Select(i => i == 0 ? Half.Epsilon : (Half)(random.NextDouble() * 100)).ToArray();
        var i8 = Enumerable.Range(0, Rows).Select(i => (sbyte)random.Next(-128, 128)).ToArray();
        var u64 = Enumerable.Range(0, Rows).Select(i => i == 0 ? ulong.MaxValue : (ulong)random.NextInt64()).ToArray();
        var flags = Enumerable.Range(0, Rows).Select(i => i % 3 == 0).ToArray();
        var labels = Enumerable.Range(0, Rows).Select(i => (long)(i % 10)).ToArray();
        var texts = Enumerable.Range(0, Rows).Select(i => i == 1 ? "naïve ✓" : $"t{i}").ToArray();
        using (var writer = t.Repo.OpenWriter())
        {
            // Written in reverse key order: rows come back in key order all the same.
            var reversed = keys.Reverse().ToArray();
            T[] Rev<T>(T[] values) => [.. values.Reverse()];
            writer.CreateColumn("/d/f32", ColumnSchema.NDArray(DType.Float32)).AddRange<float>(reversed, Rev(f32));
            writer.CreateColumn("/d/f64", ColumnSchema.NDArray(DType.Float64)).AddRange<double>(reversed, Rev(f64));
            writer.CreateColumn("/d/f16", ColumnSchema.NDArray(DType.Float16)).AddRange<Half>(reversed, Rev(f16));
            writer.CreateColumn("/d/i8", ColumnSchema.NDArray(DType.Int8)).AddRange<sbyte>(reversed, Rev(i8));
            writer.CreateColumn("/d/u64", ColumnSchema.NDArray(DType.UInt64)).AddRange<ulong>(reversed, Rev(u64));
            writer.CreateColumn("/d/flag", ColumnSchema.NDArray(DType.Bool)).AddRange<bool>(reversed, Rev(flags));
            writer.CreateColumn("/d/label", ColumnSchema.NDArray(DType.Int64)).AddRange<long>(reversed, Rev(labels));
            writer.CreateColumn("/d/text", ColumnSchema.Str()).AddStrings(reversed, Rev(texts));
            writer.Commit("scalars");
        }

        var frame = t.Repo.Checkout("HEAD").ToDataFrame(new DataFrameOptions { Columns = ["/d/f32", "/d/f64", "/d/f16", "/d/i8", "/d/u64", "/d/flag", "/d/label", "/d/text"] });
        Assert.Equal(["Key", "f32", "f64", "f16", "i8", "u64", "flag", "label", "text"], frame.Columns.Select(c => c.Name));
        Assert.IsType<Int64DataFrameColumn>(frame["Key"]);
        Assert.IsType<SingleDataFrameColumn>(frame["f32"]);
        Assert.IsType<DoubleDataFrameColumn>(frame["f64"]);
        Assert.IsType<SingleDataFrameColumn>(frame["f16"]);
        Assert.IsType<SByteDataFrameColumn>(frame["i8"]);
        Assert.IsType<UInt64DataFrameColumn>(frame["u64"]);
        Assert.IsType<BooleanDataFrameColumn>(frame["flag"]);
        Assert.IsType<Int64DataFrameColumn>(frame["label"]);
        Assert.IsType<StringDataFrameColumn>(frame["text"]);
        Assert.Equal(Rows, frame.Rows.Count);
        Assert.All(frame.Columns, c => Assert.Equal(0, c.NullCount));
        for (int i = 0; i < Rows; i++)
        {
            var row = frame.Rows[i];
            Assert.Equal((long)i * 3, row["Key"]);
            Assert.Equal(BitConverter.SingleToInt32Bits(f32[i]), BitConverter.SingleToInt32Bits((float)row["f32"]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(f64[i]), BitConverter.DoubleToInt64Bits((double)row["f64"]));
            Assert.Equal(BitConverter.SingleToInt32Bits((float)f16[i]), BitConverter.SingleToInt32Bits((float)row["f16"]));
            Assert.Equal(i8[i], row["i8"]);
            Assert.Equal(u64[i], row["u64"]);
            Assert.Equal(flags[i], row["flag"]);
            Assert.Equal(labels[i], row["label"]);
            Assert.Equal(texts[i], row["text"]);
        }
        // A DataFrame like any other: it filters, sums and groups.
        Assert.Equal(4, frame.Filter(frame["label"].ElementwiseEquals(7L)).Rows.Count);
        Assert.Equal(labels.Sum(), Convert.ToInt64(frame["label"].Sum(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(14, frame.Filter(((BooleanDataFrameColumn)frame["flag"]).ElementwiseEquals(true)).Rows.Count);
    }

    [Fact]
    public void A_fixed_shape_column_becomes_one_column_per_element_in_c_order()
    {
        using var t = new TempRepo();
        using (var writer = t.Repo.OpenWriter())
        {
            var keys = Enumerable.Range(0, 5).Select(i => SampleKey.Of(i)).ToArray();
            writer.CreateColumn("/m", ColumnSchema.NDArray(DType.Int32, 2, 3)).AddRange<int>(keys, Enumerable.Range(0, 30).ToArray());
            writer.Commit("matrices");
        }
        var frame = t.Repo.Checkout("HEAD").ToDataFrame(new DataFrameOptions { Columns = ["/m"], KeyColumn = null, Names = new Dictionary<string, string> { ["/m"] = "cell" } });
        Assert.Equal(Enumerable.Range(0, 6).Select(j => $"cell_{j}"), frame.Columns.Select(c => c.Name));
        Assert.All(frame.Columns, c => Assert.IsType<Int32DataFrameColumn>(c));
        for (int r = 0; r < 5; r++)
            Assert.Equal(Enumerable.Range(r * 6, 6).Select(v => (object)v), frame.Rows[r]);
    }

    [Fact]
    public void A_split_and_string_keys_select_and_name_the_rows()
    {
        using var t = new TempRepo();
        using (var writer = t.Repo.OpenWriter())
        {
            var words = writer.CreateColumn("/w/text", ColumnSchema.Str());
            words.AddString(2, "two");
            words.AddString("2", "string two");
            words.AddString("b_1", "bee");
            words.AddString(10, "ten");
            writer.SetAttribute("/w", "splits", new JsonObject { ["few"] = "2,\"2\",b_1" });
            writer.Commit("words");
        }
        var view = t.Repo.Checkout("HEAD");
        var frame = view.ToDataFrame(new DataFrameOptions { Columns = ["/w/text"], Keys = KeySelection.Split("few"), KeyColumn = "id" });
        var ids = Assert.IsType<StringDataFrameColumn>(frame["id"]);
        Assert.Equal(["2", "\"2\"", "b_1"], ids);
        Assert.Equal(["two", "string two", "bee"], (StringDataFrameColumn)frame["text"]);

        var ints = view.ToDataFrame(new DataFrameOptions { Columns = ["/w/text"], Keys = KeySelection.Between(0, 100) });
        Assert.Equal([2L, 10L], ((Int64DataFrameColumn)ints["Key"]).Select(k => k!.Value));
    }

    [Fact]
    public void In_a_partial_clone_the_samples_read_are_fetched_from_the_remote_named()
    {
        using var origin = new TempRepo();
        origin.Seed(30);
        string clonePath = Directory.CreateTempSubdirectory("tessera-partial-").FullName;
        try
        {
            using var clone = Repository.Clone(origin.Dir, clonePath, new CloneOptions { NoData = true });
            var head = clone.Checkout("HEAD");
            var refused = Assert.ThrowsAny<TesseraException>(() => head.ToDataFrame(new DataFrameOptions { Columns = ["/images"] }));
            Assert.Equal(ErrorCode.MissingObject, refused.Code);
            var frame = head.ToDataFrame(new DataFrameOptions { Columns = ["/images"], FetchFrom = clone.Remotes.Samples("origin") });
            Assert.Equal(1 + 16, frame.Columns.Count);
            for (int r = 0; r < 30; r++)
                Assert.Equal(TempRepo.Image(r), frame.Rows[r].Skip(1).Cast<byte>());
        }
        finally
        {
            Directory.Delete(clonePath, recursive: true);
        }
    }

    [Fact]
    public void Columns_a_dataframe_cannot_hold_are_refused_with_a_code_and_what_to_do()
    {
        using var t = new TempRepo();
        using (var writer = t.Repo.OpenWriter())
        {
            writer.CreateColumn("/blob", ColumnSchema.Bytes()).AddBytes(0, [1, 2]);
            writer.CreateColumn("/ragged", ColumnSchema.VariableNDArray(DType.Float32, 3)).Add<float>(0, [1f], 1);
            writer.CreateColumn("/z", ColumnSchema.NDArray(DType.Complex128)).Add<System.Numerics.Complex>(0, [System.Numerics.Complex.One]);
            writer.CreateColumn("/m", ColumnSchema.NDArray(DType.Float32, 2)).Add<float>(0, [1f, 2f]);
            writer.CreateColumn("/m_1", ColumnSchema.NDArray(DType.Float32)).Add<float>(0, [3f]);
            writer.CreateColumn("/nested", ColumnSchema.NDArray(DType.Float32) with { Layout = ColumnLayout.Nested }).Nested(0).Add<float>(0, [1f]);
            writer.Commit("odd");
        }
        var view = t.Repo.Checkout("HEAD");
        void Refused(ErrorCode code, string says, DataFrameOptions options)
        {
            var e = Assert.ThrowsAny<TesseraException>(() => view.ToDataFrame(options));
            Assert.Equal(code, e.Code);
            Assert.Contains(says, e.Message, StringComparison.Ordinal);
        }

        Refused(ErrorCode.DTypeMismatch, "ReadBytes", new DataFrameOptions { Columns = ["/blob"] });
        Refused(ErrorCode.ShapeMismatch, "fixed shape", new DataFrameOptions { Columns = ["/ragged"] });
        Refused(ErrorCode.DTypeMismatch, "real and imaginary", new DataFrameOptions { Columns = ["/z"] });
        Refused(ErrorCode.InvalidArgument, "named 'm_1'", new DataFrameOptions { Columns = ["/m", "/m_1"] });
        Refused(ErrorCode.InvalidArgument, "nested", new DataFrameOptions { Columns = ["/nested"] });
        Refused(ErrorCode.NodeNotFound, "/nope", new DataFrameOptions { Columns = ["/nope"] });
        Refused(ErrorCode.InvalidArgument, "at least one column", new DataFrameOptions());
        Assert.Equal(["Key", "m_0", "m_1", "single"], view.ToDataFrame(new DataFrameOptions { Columns = ["/m", "/m_1"], Names = new Dictionary<string, string> { ["m_1"] = "single" } }).Columns.Select(c => c.Name));
    }
}
