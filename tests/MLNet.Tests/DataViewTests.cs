using Microsoft.ML;
using Microsoft.ML.Data;
using Tessera.Tests.Support;

namespace Tessera.MLNet.Tests;

/// <summary>What a <see cref="TesseraDataView"/> shows, read back through ML.NET's own API.</summary>
public class DataViewTests
{
    private const int Rows = 50;

    private static readonly string[] AllColumns =
        ["/all/b", "/all/i8", "/all/i16", "/all/i32", "/all/i64", "/all/u8", "/all/u16", "/all/u32", "/all/u64",
         "/all/f32", "/all/f64", "/all/f16", "/all/matrix", "/all/flags", "/all/text", "/all/blob", "/all/ragged"];

    [Fact]
    public void CreateEnumerable_gives_back_every_dtype_bit_for_bit_across_batches()
    {
        using var t = new TempRepo();
        var expected = AllTypes(t.Repo);
        // Batches of 7 rows: values must line up with their rows across batch boundaries.
        var data = t.Repo.Checkout("HEAD").ToDataView(new DataViewOptions { Columns = AllColumns, BatchSize = 7 });
        Assert.Equal(Rows, data.GetRowCount());
        Assert.Equal(NumberDataViewType.Int64, data.Schema["Key"].Type);
        Assert.Equal(NumberDataViewType.Single, data.Schema["f16"].Type);
        Assert.Equal(TextDataViewType.Instance, data.Schema["text"].Type);
        Assert.Equal(BooleanDataViewType.Instance, data.Schema["b"].Type);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 2, 3), data.Schema["matrix"].Type);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Byte), data.Schema["blob"].Type);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Int32), data.Schema["ragged"].Type);

        var rows = new MLContext().Data.CreateEnumerable<AllTypesRow>(data, reuseRowObject: false).ToList();
        Assert.Equal(Rows, rows.Count);
        for (int i = 0; i < Rows; i++)
        {
            var (e, a) = (expected[i], rows[i]);
            Assert.Equal(i, a.Key);
            Assert.Equal(e.B, a.B);
            Assert.Equal(e.I8, a.I8);
            Assert.Equal(e.I16, a.I16);
            Assert.Equal(e.I32, a.I32);
            Assert.Equal(e.I64, a.I64);
            Assert.Equal(e.U8, a.U8);
            Assert.Equal(e.U16, a.U16);
            Assert.Equal(e.U32, a.U32);
            Assert.Equal(e.U64, a.U64);
            Assert.Equal(BitConverter.SingleToInt32Bits(e.F32), BitConverter.SingleToInt32Bits(a.F32));
            Assert.Equal(BitConverter.DoubleToInt64Bits(e.F64), BitConverter.DoubleToInt64Bits(a.F64));
            Assert.Equal(BitConverter.SingleToInt32Bits(e.F16), BitConverter.SingleToInt32Bits(a.F16));
            Assert.Equal(e.Matrix.Select(BitConverter.SingleToInt32Bits), a.Matrix.Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(e.Flags, a.Flags);
            Assert.Equal(e.Text, a.Text);
            Assert.Equal(e.Blob, a.Blob);
            Assert.Equal(e.Ragged, a.Ragged);
        }
    }

    [Fact]
    public void String_keys_are_text_in_the_cli_form_and_the_key_column_takes_the_name_given()
    {
        using var t = new TempRepo();
        using (var writer = t.Repo.OpenWriter())
        {
            var column = writer.CreateColumn("/words", ColumnSchema.Str());
            column.AddString(3, "three");
            column.AddString("7", "the string seven");
            column.AddString("cat_1", "a cat");
            writer.Commit("words");
        }
        var data = t.Repo.Checkout("HEAD").ToDataView(new DataViewOptions { Columns = ["/words"], KeyColumn = "SampleKey", Names = new Dictionary<string, string> { ["words"] = "Text" } });
        Assert.Equal(["SampleKey", "Text"], data.Schema.Select(c => c.Name));
        Assert.Equal(TextDataViewType.Instance, data.Schema["SampleKey"].Type);
        var rows = new MLContext().Data.CreateEnumerable<Word>(data, reuseRowObject: false).ToList();
        Assert.Equal(["3", "\"7\"", "cat_1"], rows.Select(r => r.SampleKey));
        Assert.Equal([SampleKey.Of(3), SampleKey.Of("7"), SampleKey.Of("cat_1")], rows.Select(r => SampleKey.Parse(r.SampleKey)));
        Assert.Equal(["three", "the string seven", "a cat"], rows.Select(r => r.Text));
    }

    [Fact]
    public void Preview_shows_the_first_rows_with_their_keys()
    {
        using var t = new TempRepo();
        TrainingTests.Points(t.Repo, 30, seed: 4);
        var data = t.Repo.Checkout("HEAD").ToDataView(new DataViewOptions { Columns = ["/points/color", "/points/features"] });
        var preview = data.Preview(maxRows: 4);
        Assert.Equal(["Key", "color", "features"], preview.ColumnView.Select(c => c.Column.Name));
        Assert.Equal(4, preview.RowView.Length);
        var row = preview.RowView[2].Values.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal(2L, row["Key"]);
        Assert.Equal("blue", row["color"].ToString());
        var features = (VBuffer<float>)row["features"];
        Assert.Equal(t.Repo.Checkout("HEAD").Column("/points/features").Get(2).ToArray<float>(), features.DenseValues());
    }

    [Fact]
    public void A_shuffling_cursor_reads_every_row_once_in_an_order_its_random_decides_with_stable_row_ids()
    {
        using var t = new TempRepo();
        TrainingTests.Points(t.Repo, 300, seed: 5);
        var data = t.Repo.Checkout("HEAD").ToDataView(new DataViewOptions { Columns = ["/points/color"], BatchSize = 32 });
        Assert.True(data.CanShuffle);

        List<(long Key, string Color, ulong Id)> Read(Random? random)
        {
            var rows = new List<(long, string, ulong)>();
            using var cursor = data.GetRowCursor(data.Schema, random);
            var key = cursor.GetGetter<long>(data.Schema["Key"]);
            var color = cursor.GetGetter<ReadOnlyMemory<char>>(data.Schema["color"]);
            var id = cursor.GetIdGetter();
            long k = 0;
            ReadOnlyMemory<char> c = default;
            DataViewRowId rowId = default;
            while (cursor.MoveNext())
            {
                Assert.Equal(rows.Count, cursor.Position);
                key(ref k);
                color(ref c);
                id(ref rowId);
                rows.Add((k, c.ToString(), rowId.Low));
            }
            return rows;
        }

        var inOrder = Read(null);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), inOrder.Select(r => r.Key));
        var shuffled = Read(new Random(9));
        Assert.NotEqual(inOrder.Select(r => r.Key), shuffled.Select(r => r.Key));
        Assert.Equal(inOrder, shuffled.OrderBy(r => r.Key));
        Assert.Equal(shuffled, Read(new Random(9)));
        Assert.NotEqual(shuffled, Read(new Random(10)));
        Assert.All(shuffled, r => Assert.Equal((ulong)r.Key, r.Id));
    }

    [Fact]
    public void A_cursor_reads_only_the_columns_it_needs_and_refuses_the_others()
    {
        using var t = new TempRepo();
        TrainingTests.Points(t.Repo, 40, seed: 6);
        var data = t.Repo.Checkout("HEAD").ToDataView(new DataViewOptions { Columns = ["/points/features", "/points/color"] });
        using (var cursor = data.GetRowCursor([data.Schema["color"]]))
        {
            Assert.True(cursor.IsColumnActive(data.Schema["color"]));
            Assert.False(cursor.IsColumnActive(data.Schema["features"]));
            Assert.False(cursor.IsColumnActive(data.Schema["Key"]));
            var inactive = Assert.ThrowsAny<TesseraException>(() => cursor.GetGetter<VBuffer<float>>(data.Schema["features"]));
            Assert.Equal(ErrorCode.InvalidArgument, inactive.Code);
            var color = cursor.GetGetter<ReadOnlyMemory<char>>(data.Schema["color"]);
            var text = default(ReadOnlyMemory<char>);
            var early = Assert.ThrowsAny<TesseraException>(() => color(ref text));
            Assert.Equal(ErrorCode.InvalidArgument, early.Code);
            var wrongType = Assert.ThrowsAny<TesseraException>(() => cursor.GetGetter<float>(data.Schema["color"]));
            Assert.Equal(ErrorCode.DTypeMismatch, wrongType.Code);
            int n = 0;
            while (cursor.MoveNext())
            {
                color(ref text);
                Assert.Equal(new[] { "red", "green", "blue" }[n++ % 3], text.ToString());
            }
            Assert.Equal(40, n);
        }

        // Only the key: a cursor with no data column still walks every row.
        using var keys = data.GetRowCursor([data.Schema["Key"]]);
        var key = keys.GetGetter<long>(data.Schema["Key"]);
        var seen = new List<long>();
        while (keys.MoveNext())
        {
            long k = 0;
            key(ref k);
            seen.Add(k);
        }
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), seen);
    }

    [Fact]
    public void A_view_of_a_commit_keeps_showing_that_commit_and_the_staging_area_shows_what_is_staged()
    {
        using var t = new TempRepo();
        var first = TrainingTests.Points(t.Repo, 30, seed: 7);
        using (var writer = t.Repo.OpenWriter())
        {
            var colors = writer.Column("/points/color");
            colors.AddString(0, "purple");
            colors.Remove(29);
            writer.Commit("repaint");
            colors.AddString(1, "staged");
            writer.Flush();
        }
        var options = new DataViewOptions { Columns = ["/points/color"] };
        var ml = new MLContext();
        List<string> Colors(IReadView view) => [.. ml.Data.CreateEnumerable<ColorRow>(view.ToDataView(options), reuseRowObject: false).Select(r => r.color)];

        var pinned = Colors(t.Repo.Checkout(first.Id.ToString()));
        Assert.Equal(30, pinned.Count);
        Assert.Equal(["red", "green"], pinned.Take(2));
        var head = Colors(t.Repo.Checkout("HEAD"));
        Assert.Equal(29, head.Count);
        Assert.Equal(["purple", "green"], head.Take(2));
        Assert.Equal(["purple", "staged"], Colors(StagedView.Open(t.Repo)).Take(2));
    }

    [Fact]
    public void In_a_partial_clone_cursors_fetch_what_they_read_from_the_remote_named()
    {
        using var origin = new TempRepo();
        origin.Seed(120);
        string clonePath = Directory.CreateTempSubdirectory("tessera-partial-").FullName;
        try
        {
            using var clone = Repository.Clone(origin.Dir, clonePath, new CloneOptions { NoData = true });
            var head = clone.Checkout("HEAD");
            var refused = Assert.ThrowsAny<TesseraException>(() => head.ToDataView(new DataViewOptions { Columns = ["/images"] }));
            Assert.Equal(ErrorCode.MissingObject, refused.Code);
            Assert.Contains("Fetch them first", refused.Message, StringComparison.Ordinal);

            var data = head.ToDataView(new DataViewOptions { Columns = ["/images", "/labels"], FetchFrom = clone.Remotes.Samples("origin"), BatchSize = 16 });
            var rows = new MLContext().Data.CreateEnumerable<SeedRow>(data, reuseRowObject: false).ToList();
            Assert.Equal(120, rows.Count);
            Assert.All(rows, r => Assert.Equal(TempRepo.Image((int)r.Key), r.images));
            Assert.All(rows, r => Assert.Equal(r.Key % 10, r.labels));
        }
        finally
        {
            Directory.Delete(clonePath, recursive: true);
        }
    }

    [Fact]
    public void Columns_it_cannot_show_are_refused_with_a_code_and_what_to_do()
    {
        using var t = new TempRepo();
        using (var writer = t.Repo.OpenWriter())
        {
            writer.CreateColumn("/ok", ColumnSchema.NDArray(DType.Float32)).Add<float>(0, [1f]);
            writer.CreateColumn("/g/ok", ColumnSchema.NDArray(DType.Float32)).Add<float>(0, [2f]);
            writer.CreateColumn("/complex", ColumnSchema.NDArray(DType.Complex128)).Add<System.Numerics.Complex>(0, [new System.Numerics.Complex(1, 2)]);
            writer.CreateColumn("/ragged2d", ColumnSchema.VariableNDArray(DType.Float32, 4, 4)).Add<float>(0, [1f, 2f], [1, 2]);
            writer.CreateColumn("/nested", ColumnSchema.NDArray(DType.Float32) with { Layout = ColumnLayout.Nested }).Nested(0).Add<float>(0, [1f]);
            writer.CreateArray("/grid", new ArraySchema(DType.Float32, [4, 4], [2, 2]));
            writer.CreateColumn("/other", ColumnSchema.NDArray(DType.Float32)).Add<float>(1, [1f]);
            writer.Commit("odd columns");
        }
        var view = t.Repo.Checkout("HEAD");
        void Refused(ErrorCode code, string says, DataViewOptions options)
        {
            var e = Assert.ThrowsAny<TesseraException>(() => view.ToDataView(options));
            Assert.Equal(code, e.Code);
            Assert.Contains(says, e.Message, StringComparison.Ordinal);
        }

        Refused(ErrorCode.NodeNotFound, "/missing", new DataViewOptions { Columns = ["/missing"] });
        Refused(ErrorCode.DTypeMismatch, "real and imaginary parts", new DataViewOptions { Columns = ["/complex"] });
        Refused(ErrorCode.ShapeMismatch, "one dimension", new DataViewOptions { Columns = ["/ragged2d"] });
        Refused(ErrorCode.InvalidArgument, "nested", new DataViewOptions { Columns = ["/nested"] });
        Refused(ErrorCode.InvalidArgument, "ArrayReader.ReadRows", new DataViewOptions { Columns = ["/grid"] });
        Refused(ErrorCode.InvalidArgument, "is a group", new DataViewOptions { Columns = ["/g"] });
        Refused(ErrorCode.InvalidArgument, "at least one column", new DataViewOptions());
        Refused(ErrorCode.InvalidArgument, "batch size", new DataViewOptions { Columns = ["/ok"], BatchSize = 0 });
        Refused(ErrorCode.InvalidArgument, "named 'ok'", new DataViewOptions { Columns = ["/ok", "/g/ok"] });
        Refused(ErrorCode.InvalidArgument, "KeyColumn", new DataViewOptions { Columns = ["/ok"], KeyColumn = "ok" });
        Refused(ErrorCode.InvalidName, "empty", new DataViewOptions { Columns = ["/ok"], KeyColumn = " " });
        Refused(ErrorCode.InvalidArgument, "hold different keys", new DataViewOptions { Columns = ["/ok", "/other"], Names = new Dictionary<string, string> { ["/other"] = "o" } });
        Refused(ErrorCode.KeyNotFound, "split 'train'", new DataViewOptions { Columns = ["/ok"], Keys = KeySelection.Split("train") });

        // What is refused can still be shown by leaving it out, or by renaming and joining.
        var joined = view.ToDataView(new DataViewOptions { Columns = ["/ok", "/other"], Names = new Dictionary<string, string> { ["/other"] = "o" }, Join = KeyJoin.Inner });
        Assert.Equal(0, joined.GetRowCount());
        var renamed = view.ToDataView(new DataViewOptions { Columns = ["/ok", "/g/ok"], Names = new Dictionary<string, string> { ["/g/ok"] = "g_ok" } });
        Assert.Equal(["Key", "ok", "g_ok"], renamed.Schema.Select(c => c.Name));
    }

    /// <summary>Writes one column of each kind the IDataView shows, <see cref="Rows"/> keys, extreme values included; returns what it wrote.</summary>
    private static List<AllTypesRow> AllTypes(Repository repo)
    {
        var random = new Random(11);
        var rows = new List<AllTypesRow>();
        float[] oddFloats = [float.NaN, BitConverter.Int32BitsToSingle(0x7FC0_1234), -0f, float.Epsilon, float.MaxValue, float.NegativeInfinity];
        double[] oddDoubles = [double.NaN, BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_ABCD), -0d, double.Epsilon, double.MinValue];
        Half[] oddHalves = [Half.NaN, Half.Epsilon, Half.MaxValue, Half.NegativeZero, Half.NegativeInfinity];
        var halves = new Half[Rows];
        for (int i = 0; i < Rows; i++)
        {
            halves[i] = i < oddHalves.Length ? oddHalves[i] : (Half)((random.NextDouble() - 0.5) * 1000);
            rows.Add(new AllTypesRow
            {
                B = random.Next(2) == 1,
                I8 = i == 0 ? sbyte.MinValue : (sbyte)random.Next(-128, 128),
                I16 = i == 0 ? short.MinValue : (short)random.Next(short.MinValue, short.MaxValue),
                I32 = i == 0 ? int.MinValue : random.Next(int.MinValue, int.MaxValue),
                I64 = i == 0 ? long.MinValue : random.NextInt64(long.MinValue, long.MaxValue),
                U8 = i == 0 ? byte.MaxValue : (byte)random.Next(256),
                U16 = i == 0 ? ushort.MaxValue : (ushort)random.Next(65536),
                U32 = i == 0 ? uint.MaxValue : (uint)random.NextInt64(uint.MaxValue),
                U64 = i == 0 ? ulong.MaxValue : (ulong)random.NextInt64(long.MaxValue) * 2,
                F32 = i < oddFloats.Length ? oddFloats[i] : random.NextSingle() * 1e6f,
                F64 = i < oddDoubles.Length ? oddDoubles[i] : random.NextDouble() * 1e300,
                F16 = (float)halves[i],
                Matrix = [.. Enumerable.Range(0, 6).Select(_ => random.NextSingle() - 0.5f)],
                Flags = [random.Next(2) == 1, random.Next(2) == 1],
                Text = i == 0 ? "" : i == 1 ? "héllo ✓ 𝄞" : $"row {i}",
                Blob = [.. Enumerable.Range(0, i % 5).Select(_ => (byte)random.Next(256))],
                Ragged = [.. Enumerable.Range(0, 1 + (i % 4)).Select(_ => random.Next())],
            });
        }

        using var writer = repo.OpenWriter();
        var keys = Enumerable.Range(0, Rows).Select(i => SampleKey.Of(i)).ToArray();
        void Scalars<T>(string name, DType dtype, Func<AllTypesRow, T> value) where T : unmanaged =>
            writer.CreateColumn("/all/" + name, ColumnSchema.NDArray(dtype)).AddRange<T>(keys, rows.Select(value).ToArray());
        Scalars("b", DType.Bool, r => r.B);
        Scalars("i8", DType.Int8, r => r.I8);
        Scalars("i16", DType.Int16, r => r.I16);
        Scalars("i32", DType.Int32, r => r.I32);
        Scalars("i64", DType.Int64, r => r.I64);
        Scalars("u8", DType.UInt8, r => r.U8);
        Scalars("u16", DType.UInt16, r => r.U16);
        Scalars("u32", DType.UInt32, r => r.U32);
        Scalars("u64", DType.UInt64, r => r.U64);
        Scalars("f32", DType.Float32, r => r.F32);
        Scalars("f64", DType.Float64, r => r.F64);
        writer.CreateColumn("/all/f16", ColumnSchema.NDArray(DType.Float16)).AddRange<Half>(keys, halves);
        writer.CreateColumn("/all/matrix", ColumnSchema.NDArray(DType.Float32, 2, 3)).AddRange<float>(keys, rows.SelectMany(r => r.Matrix).ToArray());
        writer.CreateColumn("/all/flags", ColumnSchema.NDArray(DType.Bool, 2)).AddRange<bool>(keys, rows.SelectMany(r => r.Flags).ToArray());
        writer.CreateColumn("/all/text", ColumnSchema.Str()).AddStrings(keys, [.. rows.Select(r => r.Text)]);
        var blob = writer.CreateColumn("/all/blob", ColumnSchema.Bytes());
        var ragged = writer.CreateColumn("/all/ragged", ColumnSchema.VariableNDArray(DType.Int32, 4));
        for (int i = 0; i < Rows; i++)
        {
            blob.AddBytes(i, rows[i].Blob);
            ragged.Add<int>(i, rows[i].Ragged, rows[i].Ragged.Length);
        }
        writer.Commit("every kind");
        return rows;
    }

    private sealed class AllTypesRow
    {
        public long Key { get; set; }

        [ColumnName("b")]
        public bool B { get; set; }

        [ColumnName("i8")]
        public sbyte I8 { get; set; }

        [ColumnName("i16")]
        public short I16 { get; set; }

        [ColumnName("i32")]
        public int I32 { get; set; }

        [ColumnName("i64")]
        public long I64 { get; set; }

        [ColumnName("u8")]
        public byte U8 { get; set; }

        [ColumnName("u16")]
        public ushort U16 { get; set; }

        [ColumnName("u32")]
        public uint U32 { get; set; }

        [ColumnName("u64")]
        public ulong U64 { get; set; }

        [ColumnName("f32")]
        public float F32 { get; set; }

        [ColumnName("f64")]
        public double F64 { get; set; }

        [ColumnName("f16")]
        public float F16 { get; set; }

        [ColumnName("matrix")]
        [VectorType(2, 3)]
        public float[] Matrix { get; set; } = [];

        [ColumnName("flags")]
        [VectorType(2)]
        public bool[] Flags { get; set; } = [];

        [ColumnName("text")]
        public string Text { get; set; } = "";

        [ColumnName("blob")]
        [VectorType]
        public byte[] Blob { get; set; } = [];

        [ColumnName("ragged")]
        [VectorType]
        public int[] Ragged { get; set; } = [];
    }

    private sealed class Word
    {
        public string SampleKey { get; set; } = "";

        public string Text { get; set; } = "";
    }

    private sealed class SeedRow
    {
        public long Key { get; set; }

        [VectorType(4, 4)]
        public byte[] images { get; set; } = [];

        public long labels { get; set; }
    }

    private sealed class ColorRow
    {
        public string color { get; set; } = "";
    }
}
