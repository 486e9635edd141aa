using System.Numerics;
using Tessera.Formats.Mapping;
using Tessera.Formats.NumPy;
using Tessera.Formats.Parquet.Metadata;

namespace Tessera.Formats.Tests.Mapping;

/// <summary>import(export(x)) == x: the same columns, schemas, keys and sample ids (ids hash dtype, shape and bytes).</summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly MappingRepo repo = new();

    [Theory]
    [InlineData(CompressionCodec.Snappy)]
    [InlineData(CompressionCodec.Zstd)]
    public void Parquet_round_trip_is_exact(CompressionCodec codec)
    {
        this.repo.Commit(w =>
        {
            SampleGroups.Diverse(w);
            return 0;
        });
        string file = this.repo.File("d.parquet");
        ParquetExporter.Export(this.repo.Repo, "/d", file, new ExportOptions { ParquetCompression = codec });
        var result = this.repo.Commit(w => ParquetImporter.Import(w, file, new ImportOptions { Into = "/r" }));
        Assert.Equal(300, result.Rows);
        this.AssertSameGroup("/d", "/r");
    }

    [Fact]
    public void Parquet_round_trip_keeps_string_and_mixed_keys()
    {
        this.repo.Commit(w =>
        {
            var words = w.CreateColumn("/s/word", ColumnSchema.Str());
            var lengths = w.CreateColumn("/s/length", ColumnSchema.NDArray(DType.Int64));
            foreach (var word in new[] { "alpha", "beta", "gamma", "7", "0", "s_1" })
            {
                words.AddString(word, word.ToUpperInvariant());
                lengths.Add<long>(word, [word.Length]);
            }
            var mixed = w.CreateColumn("/m/value", ColumnSchema.NDArray(DType.Float64, 2));
            mixed.Add<double>(7, [1, 2]);
            mixed.Add<double>("7", [3, 4]);
            mixed.Add<double>("cat", [5, 6]);
            mixed.Add<double>(0, [7, 8]);
            // Mixed only in their union: one column of integer keys, one of string keys.
            var counts = w.CreateColumn("/u/count", ColumnSchema.NDArray(DType.Int32));
            counts.Add<int>(3, [30]);
            counts.Add<int>(1, [10]);
            var letters = w.CreateColumn("/u/letter", ColumnSchema.Str());
            letters.AddString("b", "B");
            letters.AddString("a", "A");
            return 0;
        });
        foreach (var group in new[] { "/s", "/m", "/u" })
        {
            string file = this.repo.File(group[1..] + ".parquet");
            ParquetExporter.Export(this.repo.Repo, group, file, new ExportOptions());
            this.repo.Commit(w => ParquetImporter.Import(w, file, new ImportOptions { Into = group + "_back" }));
            this.AssertSameGroup(group, group + "_back");
        }
    }

    [Theory]
    [InlineData(NpzCompression.Stored)]
    [InlineData(NpzCompression.Deflated)]
    public void Npz_round_trip_is_exact(NpzCompression compression)
    {
        this.repo.Commit(w =>
        {
            var c64 = w.CreateColumn("/n/c64", ColumnSchema.NDArray(DType.Complex64, 2));
            var c128 = w.CreateColumn("/n/c128", ColumnSchema.NDArray(DType.Complex128, 3));
            var half = w.CreateColumn("/n/half", ColumnSchema.NDArray(DType.Float16));
            var grid = w.CreateColumn("/n/grid", ColumnSchema.NDArray(DType.UInt16, 3, 4));
            var text = w.CreateColumn("/n/text", ColumnSchema.Str());
            var raw = w.CreateColumn("/n/raw", ColumnSchema.Bytes());
            for (int i = 0; i < 50; i++)
            {
                c64.Add(i, DType.Complex64, [.. Enumerable.Range(0, 16).Select(j => (byte)(i + j))], [2]);
                c128.Add<Complex>(i, [new Complex(i, -i), new Complex(0.5, i), Complex.Zero]);
                half.Add<Half>(i, [(Half)(i * 0.25)]);
                grid.Add<ushort>(i, [.. Enumerable.Range(0, 12).Select(j => (ushort)(i * j))]);
                text.AddString(i, i % 5 == 0 ? "" : $"ünïcødé 𝄞 {i}");
                raw.AddBytes(i, [0, .. Enumerable.Range(0, i % 4).Select(j => (byte)(j + 1)), 0xFF]);
            }
            return 0;
        });
        string file = this.repo.File("n.npz");
        var exported = NpyExporter.ExportNpz(this.repo.Repo, "/n", file, new ExportOptions { NpzCompression = compression });
        Assert.Equal(300, exported.Samples);
        this.repo.Commit(w => NpyImporter.ImportNpz(w, file, new ImportOptions { Into = "/n_back" }));
        this.AssertSameGroup("/n", "/n_back");

        string npy = this.repo.File("grid.npy");
        NpyExporter.ExportNpy(this.repo.Repo, "/n/grid", npy, new ExportOptions());
        this.repo.Commit(w => NpyImporter.ImportNpy(w, npy, new ImportOptions { Into = "/g/grid" }));
        this.AssertSameColumn("/n/grid", "/g/grid");
    }

    [Fact]
    public void Csv_round_trip_is_exact_for_int64_float64_and_str()
    {
        this.repo.Commit(w =>
        {
            var ints = w.CreateColumn("/c/count", ColumnSchema.NDArray(DType.Int64));
            var floats = w.CreateColumn("/c/score", ColumnSchema.NDArray(DType.Float64));
            var text = w.CreateColumn("/c/note", ColumnSchema.Str());
            for (int i = 0; i < 200; i++)
            {
                if (i % 3 != 0)
                    ints.Add<long>(i * 5L, [long.MinValue + (i * 977L)]);
                if (i % 4 != 1)
                    floats.Add<double>(i * 5L, [i == 2 ? -0.0 : i % 9 == 0 ? double.NegativeInfinity : Math.PI * i * 1e-7]);
                if (i % 5 != 2)
                    text.AddString(i * 5L, i % 7 == 0 ? "" : $"line {i}, \"quoted\"\nsecond line ✓");
            }
            return 0;
        });
        string file = this.repo.File("c.csv");
        var exported = CsvExporter.Export(this.repo.Repo, "/c", file, new ExportOptions());
        Assert.Equal(Enumerable.Range(0, 200).Count(i => i % 3 != 0 || i % 4 != 1 || i % 5 != 2), exported.Rows);
        this.repo.Commit(w => CsvImporter.Import(w, file, new ImportOptions { Into = "/c_back", Key = "key" }));
        this.AssertSameGroup("/c", "/c_back");
    }

    [Fact]
    public void Npy_export_refuses_keys_that_are_not_positions()
    {
        this.repo.Commit(w =>
        {
            var column = w.CreateColumn("/x/v", ColumnSchema.NDArray(DType.Int32));
            column.Add<int>(0, [1]);
            column.Add<int>(2, [3]);
            return 0;
        });
        string file = this.repo.File("v.npy");
        var error = Assert.Throws<InvalidInputException>(() => NpyExporter.ExportNpy(this.repo.Repo, "/x/v", file, new ExportOptions()));
        Assert.Equal(ErrorCode.InvalidKey, error.Code);
        Assert.Contains("Export it to Parquet", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    private void AssertSameGroup(string original, string copy)
    {
        var head = this.repo.Head;
        var names = head.Nodes.Where(n => n.Kind == NodeKind.Column && Names.ParentOf(n.Path) == original).Select(n => Names.LeafOf(n.Path)).Order().ToList();
        var copied = head.Nodes.Where(n => n.Kind == NodeKind.Column && Names.ParentOf(n.Path) == copy).Select(n => Names.LeafOf(n.Path)).Order().ToList();
        Assert.Equal(names, copied);
        foreach (var name in names)
            this.AssertSameColumn($"{original}/{name}", $"{copy}/{name}");
    }

    private void AssertSameColumn(string original, string copy)
    {
        var head = this.repo.Head;
        var a = head.Column(original);
        var b = head.Column(copy);
        Assert.Equal(a.Schema, b.Schema);
        // Samples, not ids: an import stores short vectors in runs, whose ids name places (design note 016).
        Assert.Equal(a.ReadAll().Select(Described), b.ReadAll().Select(Described));

        static (SampleKey, SampleKey?, ColumnKind, DType?, string, string) Described((SampleKey Key, SampleKey? Subkey, Sample Sample) e) =>
            (e.Key, e.Subkey, e.Sample.Kind, e.Sample.DType, string.Join(',', e.Sample.Shape), Convert.ToHexString(e.Sample.Bytes.Span));
    }

    public void Dispose() => this.repo.Dispose();
}
