using System.Text.Json.Nodes;
using Microsoft.Data.Analysis;
using Tessera.Tests.Support;

namespace Tessera.DataFrames.Tests;

/// <summary>DataFrames made with the DataFrame API staged into columns and arrays, and read back.</summary>
public class WriteTests
{
    [Fact]
    public void A_dataframe_becomes_columns_of_its_types_under_its_keys_and_reads_back_the_same()
    {
        using var t = new TempRepo();
        var frame = new Microsoft.Data.Analysis.DataFrame(
            new StringDataFrameColumn("id", ["cat_2", "cat_1", "dog_1"]),
            new Int32DataFrameColumn("legs", [4, 3, 4]),
            new DoubleDataFrameColumn("weight", [4.5, double.NaN, 30.25]),
            new BooleanDataFrameColumn("indoor", [true, true, false]),
            new ByteDataFrameColumn("age", [1, 255, 7]),
            new StringDataFrameColumn("name", ["Tom", "Ünal", ""]));
        DataFrameWriteResult result;
        using (var writer = t.Repo.OpenWriter())
        {
            result = writer.WriteDataFrame(frame, new DataFrameWriteOptions { Into = "/pets", Key = "id" });
            writer.Commit("pets");
        }
        Assert.Equal((3L, 15L), (result.Rows, result.Samples));
        Assert.Equal(["/pets/legs", "/pets/weight", "/pets/indoor", "/pets/age", "/pets/name"], result.Columns);
        Assert.Equal(result.Columns, result.ColumnsCreated);

        var view = t.Repo.Checkout("HEAD");
        Assert.Equal(ColumnSchema.NDArray(DType.Int32), view.Node("/pets/legs").Schema);
        Assert.Equal(ColumnSchema.NDArray(DType.Float64), view.Node("/pets/weight").Schema);
        Assert.Equal(ColumnSchema.NDArray(DType.Bool), view.Node("/pets/indoor").Schema);
        Assert.Equal(ColumnSchema.NDArray(DType.UInt8), view.Node("/pets/age").Schema);
        Assert.Equal(ColumnSchema.Str(), view.Node("/pets/name").Schema);
        Assert.Equal(3, view.Column("/pets/legs").Get("cat_1").AsSpan<int>()[0]);
        Assert.Equal("Ünal", view.Column("/pets/name").Get("cat_1").AsString());

        // Back as a DataFrame: the same values and types, in key order, which sorts the frame by id.
        var back = view.ToDataFrame(new DataFrameOptions { Columns = [.. result.Columns], KeyColumn = "id" });
        var expected = frame.OrderBy("id");
        Assert.Equal(expected.Columns.Select(c => (c.Name, c.DataType)), back.Columns.Select(c => (c.Name, c.DataType)));
        for (int r = 0; r < 3; r++)
            Assert.Equal(expected.Rows[r], back.Rows[r]);
    }

    [Fact]
    public void Nulls_are_refused_and_nothing_staged_unless_skipped_which_leaves_their_keys_out()
    {
        using var t = new TempRepo();
        var frame = Microsoft.Data.Analysis.DataFrame.LoadCsvFromString("x,y,label\n1.5,10,a\n,20,b\n3.5,,c\n4.5,40,\n");
        Assert.Equal(1, frame["x"].NullCount);
        using var writer = t.Repo.OpenWriter();
        var refused = Assert.ThrowsAny<TesseraException>(() => writer.WriteDataFrame(frame, new DataFrameWriteOptions { Into = "/t" }));
        Assert.Equal(ErrorCode.InvalidArgument, refused.Code);
        Assert.Contains("'x' has 1 null(s), the first in row 1", refused.Message, StringComparison.Ordinal);
        Assert.Contains("SkipNulls", refused.Message, StringComparison.Ordinal);
        Assert.False(writer.HasStagedChanges);
        Assert.Empty(writer.Nodes);

        var result = writer.WriteDataFrame(frame, new DataFrameWriteOptions { Into = "/t", SkipNulls = true });
        // LoadCsv reads an empty text field as "", not null: the label column has no nulls.
        Assert.Equal(3 + 3 + 4, result.Samples);
        writer.Commit("with gaps");
        var view = t.Repo.Checkout("HEAD");
        Assert.Equal([0L, 2L, 3L], view.Column("/t/x").Entries().Select(e => e.Key.Int));
        Assert.Equal([0L, 1L, 3L], view.Column("/t/y").Entries().Select(e => e.Key.Int));
        // Read back joined: the rows every column holds.
        var back = view.ToDataFrame(new DataFrameOptions { Columns = ["/t/x", "/t/y", "/t/label"], Join = KeyJoin.Inner });
        Assert.Equal([0L, 3L], ((Int64DataFrameColumn)back["Key"]).Select(k => k!.Value));
        Assert.Equal([1.5f, 10f, "a"], back.Rows[0].Skip(1));
        Assert.Equal([4.5f, 40f, ""], back.Rows[1].Skip(1));
    }

    [Fact]
    public void A_second_dataframe_adds_to_columns_of_the_same_type_and_a_clash_stages_nothing()
    {
        using var t = new TempRepo();
        using var writer = t.Repo.OpenWriter();
        writer.WriteDataFrame(new Microsoft.Data.Analysis.DataFrame(new Int64DataFrameColumn("n", [1, 2])), new DataFrameWriteOptions { Into = "/g" });
        writer.Commit("first rows");
        var more = new Microsoft.Data.Analysis.DataFrame(new Int64DataFrameColumn("k", [2, 3]), new Int64DataFrameColumn("n", [30, 40]));
        var result = writer.WriteDataFrame(more, new DataFrameWriteOptions { Into = "/g", Key = "k" });
        Assert.Empty(result.ColumnsCreated);
        writer.Commit("more rows");
        Assert.Equal([1L, 2L, 30L, 40L], t.Repo.Checkout("HEAD").Column("/g/n").ReadAll().Select(s => s.Sample.AsSpan<long>()[0]));

        var clash = new Microsoft.Data.Analysis.DataFrame(new Int64DataFrameColumn("fresh", [1, 2]), new SingleDataFrameColumn("n", [1f, 2f]));
        var e = Assert.ThrowsAny<TesseraException>(() => writer.WriteDataFrame(clash, new DataFrameWriteOptions { Into = "/g" }));
        Assert.Equal(ErrorCode.DTypeMismatch, e.Code);
        Assert.Contains("/g/n exists as ndarray int64", e.Message, StringComparison.Ordinal);
        Assert.False(writer.HasStagedChanges);
        Assert.DoesNotContain(writer.Nodes, n => n.Path == "/g/fresh");
    }

    [Fact]
    public void A_failure_while_staging_rolls_back_the_columns_already_staged()
    {
        using var t = new TempRepo();
        using var writer = t.Repo.OpenWriter();
        // The second column holds a lone surrogate, which has no UTF-8 form: found only while staging.
        var frame = new Microsoft.Data.Analysis.DataFrame(
            new Int32DataFrameColumn("fine", [1, 2]),
            new StringDataFrameColumn("broken", ["ok", "\uD800"]));
        var e = Assert.ThrowsAny<TesseraException>(() => writer.WriteDataFrame(frame, new DataFrameWriteOptions { Into = "/g" }));
        Assert.Equal(ErrorCode.InvalidArgument, e.Code);
        Assert.False(writer.HasStagedChanges);
        Assert.Empty(writer.Nodes);
        Assert.Null(StagedView.Open(t.Repo).Operation);
    }

    [Fact]
    public void Bad_keys_names_and_types_are_refused_with_a_code_and_nothing_staged()
    {
        using var t = new TempRepo();
        using var writer = t.Repo.OpenWriter();
        writer.CreateColumn("/taken", ColumnSchema.Str());
        writer.Commit("a column");
        void Refused(ErrorCode code, string says, Microsoft.Data.Analysis.DataFrame frame, DataFrameWriteOptions options)
        {
            var e = Assert.ThrowsAny<TesseraException>(() => writer.WriteDataFrame(frame, options));
            Assert.Equal(code, e.Code);
            Assert.Contains(says, e.Message, StringComparison.Ordinal);
            Assert.False(writer.HasStagedChanges);
        }

        var values = new Int32DataFrameColumn("v", [1, 2]);
        Microsoft.Data.Analysis.DataFrame With(DataFrameColumn key) => new(key, values);
        var into = new DataFrameWriteOptions { Into = "/g", Key = "k" };
        Refused(ErrorCode.InvalidKey, "rows 0 and 1", With(new Int64DataFrameColumn("k", [5, 5])), into);
        Refused(ErrorCode.InvalidKey, "Row 1 of key column 'k' is null", With(new Int64DataFrameColumn("k", [5, null])), into);
        Refused(ErrorCode.InvalidKey, "negative", With(new Int32DataFrameColumn("k", [1, -1])), into);
        Refused(ErrorCode.InvalidKey, "Row 0 of key column 'k': Invalid key 'a b'", With(new StringDataFrameColumn("k", ["a b", "c"])), into);
        Refused(ErrorCode.InvalidKey, "integer or string", With(new DoubleDataFrameColumn("k", [1, 2])), into);
        Refused(ErrorCode.InvalidArgument, "no column 'nope'", With(new Int64DataFrameColumn("k", [1, 2])), into with { Key = "nope" });
        Refused(ErrorCode.DTypeMismatch, "DateTime", new Microsoft.Data.Analysis.DataFrame(new DateTimeDataFrameColumn("when", [DateTime.UnixEpoch])), new DataFrameWriteOptions { Into = "/g" });
        Refused(ErrorCode.InvalidName, "'bad name'", new Microsoft.Data.Analysis.DataFrame(new Int32DataFrameColumn("bad name", [1])), new DataFrameWriteOptions { Into = "/g" });
        Refused(ErrorCode.NodeExists, "Into names the group", new Microsoft.Data.Analysis.DataFrame(values), new DataFrameWriteOptions { Into = "/taken" });
        Refused(ErrorCode.InvalidArgument, "no column besides the key", With(new Int64DataFrameColumn("k", [1, 2])), into with { Columns = [] });
    }

    [Fact]
    public void Chosen_columns_become_one_chunked_array_of_rows_by_columns()
    {
        using var t = new TempRepo();
        var random = new Random(2);
        var a = Enumerable.Range(0, 10).Select(_ => random.NextSingle()).ToArray();
        var b = Enumerable.Range(0, 10).Select(_ => random.NextSingle()).ToArray();
        var frame = new Microsoft.Data.Analysis.DataFrame(
            new SingleDataFrameColumn("a", a), new Int32DataFrameColumn("n", Enumerable.Range(0, 10)), new SingleDataFrameColumn("b", b));
        DataFrameArrayResult result;
        using (var writer = t.Repo.OpenWriter())
        {
            result = writer.WriteDataFrameArray(frame, "/features", new DataFrameArrayOptions { Columns = ["b", "a"], ChunkRows = 4 });
            writer.Commit("features");
        }
        Assert.Equal(new ArraySchema(DType.Float32, [10, 2], [4, 2]), result.Schema);
        var array = t.Repo.Checkout("HEAD").Array("/features");
        Assert.Equal([10L, 2L], array.Shape);
        Assert.Equal([4, 2], array.Schema.Chunks);
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(r => new[] { b[r], a[r] }), array.Read<float>());
        Assert.Equal("[\"b\",\"a\"]", t.Repo.Checkout("HEAD").Attributes("/features")["columns"]!.ToJsonString());
        Assert.Equal(3, t.Repo.Checkout("HEAD").StoredChunks("/features").Count());

        // By default a chunk holds about 1 MiB of rows, here all ten.
        using (var writer = t.Repo.OpenWriter())
            Assert.Equal([10, 1], writer.WriteDataFrameArray(frame, "/n", new DataFrameArrayOptions { Columns = ["n"] }).Schema.Chunks);
    }

    [Fact]
    public void An_array_refuses_mixed_types_strings_and_nulls_and_stages_nothing()
    {
        using var t = new TempRepo();
        using var writer = t.Repo.OpenWriter();
        var frame = new Microsoft.Data.Analysis.DataFrame(
            new SingleDataFrameColumn("f", [1f, 2f]), new Int32DataFrameColumn("i", [1, 2]),
            new SingleDataFrameColumn("gap", [1f, null]), new StringDataFrameColumn("s", ["x", "y"]));
        void Refused(ErrorCode code, string says, DataFrameArrayOptions options)
        {
            var e = Assert.ThrowsAny<TesseraException>(() => writer.WriteDataFrameArray(frame, "/arr", options));
            Assert.Equal(code, e.Code);
            Assert.Contains(says, e.Message, StringComparison.Ordinal);
            Assert.False(writer.HasStagedChanges);
            Assert.Empty(writer.Nodes);
        }

        Refused(ErrorCode.DTypeMismatch, "'f' (float32) and 'i' (int32) differ", new DataFrameArrayOptions { Columns = ["f", "i"] });
        Refused(ErrorCode.DTypeMismatch, "holds strings", new DataFrameArrayOptions { Columns = ["s"] });
        Refused(ErrorCode.InvalidArgument, "FillNulls", new DataFrameArrayOptions { Columns = ["f", "gap"] });
        Refused(ErrorCode.InvalidArgument, "at least one DataFrame column", new DataFrameArrayOptions());
        Refused(ErrorCode.InvalidArgument, "ChunkRows", new DataFrameArrayOptions { Columns = ["f"], ChunkRows = 0 });
        writer.CreateGroup("/arr");
        var taken = Assert.ThrowsAny<TesseraException>(() => writer.WriteDataFrameArray(frame, "/arr", new DataFrameArrayOptions { Columns = ["f"] }));
        Assert.Equal(ErrorCode.NodeExists, taken.Code);
        Assert.Equal(["/arr"], writer.Nodes.Select(n => n.Path));
    }
}
