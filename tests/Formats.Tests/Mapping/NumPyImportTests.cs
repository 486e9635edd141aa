using Tessera.Formats.Mapping;
using Tessera.Formats.NumPy;
using Tessera.Formats.Tests.NumPy;

namespace Tessera.Formats.Tests.Mapping;

/// <summary>
/// Every .npy and .npz file numpy wrote for the codec tests (each dtype, C and Fortran order, both
/// byte orders, versions 1 to 3, 0-d to 3-d) imports as numpy describes it: samples along axis 0,
/// their bytes back to back equal to numpy's C-order little-endian bytes.
/// </summary>
public sealed class NumPyImportTests(NumPyCorpus corpus) : IClassFixture<NumPyCorpus>, IDisposable
{
    private readonly MappingRepo repo = new();

    [Fact]
    public void Every_npy_file_imports_as_numpy_describes_it()
    {
        using var writer = this.repo.Repo.OpenWriter();
        var failures = new List<string>();
        foreach (var expected in corpus.Manifest.Npy)
        {
            string name = "c" + failures.Count;
            var sampleShape = expected.Shape.Skip(1).ToArray();
            if (NpyDtype.Parse(expected.LittleEndianDescr).Kind is not (NpyKind.Unicode or NpyKind.Bytes) && sampleShape.Contains(0))
            {
                Assert.Throws<InvalidFileException>(() => NpyImporter.ImportNpy(writer, corpus.PathOf(expected.File!), new ImportOptions { Into = "/np/" + name }));
                continue;
            }
            if (expected.Shape.Length > 1 && NpyDtype.Parse(expected.LittleEndianDescr).Kind is NpyKind.Unicode or NpyKind.Bytes)
            {
                Assert.Throws<InvalidFileException>(() => NpyImporter.ImportNpy(writer, corpus.PathOf(expected.File!), new ImportOptions { Into = "/np/" + name }));
                continue;
            }
            NpyImporter.ImportNpy(writer, corpus.PathOf(expected.File!), new ImportOptions { Into = "/np/" + name });
            failures.AddRange(Compare(expected.File!, expected, writer.Column("/np/" + name)));
            writer.Reset();
        }
        Assert.Empty(failures);
    }

    [Fact]
    public void Every_npz_member_imports_as_a_column()
    {
        using var writer = this.repo.Repo.OpenWriter();
        var failures = new List<string>();
        foreach (var archive in corpus.Manifest.Npz)
        {
            // Member names that are not node names (numpy allows any) and 2-d string arrays are refused, so they are left out.
            var importable = archive.Arrays.Where(a => Names.IsValid(a.Key)
                && (a.Value.Shape.Length <= 1 || NpyDtype.Parse(a.Value.LittleEndianDescr).Kind is not (NpyKind.Unicode or NpyKind.Bytes))).ToList();
            Assert.True(importable.Count >= 10, $"{archive.File} has only {importable.Count} importable arrays");
            var result = NpyImporter.ImportNpz(writer, corpus.PathOf(archive.File), new ImportOptions { Into = "/z", Columns = [.. importable.Select(a => a.Key)] });
            Assert.Equal(importable.Count, result.ColumnsCreated.Count);
            foreach (var (name, expected) in importable)
                failures.AddRange(Compare($"{archive.File}:{name}", expected, writer.Column("/z/" + name)));
            writer.Reset();
        }
        Assert.Empty(failures);
    }

    private static IEnumerable<string> Compare(string what, CorpusArray expected, WritableColumn column)
    {
        long count = expected.Shape.Length == 0 ? 1 : expected.Shape[0];
        if (column.Count != count)
        {
            yield return $"{what}: {column.Count} samples, numpy has {count} along axis 0";
            yield break;
        }
        var samples = Enumerable.Range(0, (int)count).Select(i => column.Get(i)).ToList();
        var dtype = NpyDtype.Parse(expected.LittleEndianDescr);
        if (dtype.Kind == NpyKind.Unicode)
        {
            if (!samples.Select(s => s.AsString()).SequenceEqual(expected.Strings!))
                yield return $"{what}: strings differ from numpy's";
            yield break;
        }
        if (dtype.Kind == NpyKind.Bytes)
        {
            if (!samples.Select(s => Convert.ToHexStringLower(s.Bytes.Span)).SequenceEqual(expected.ByteStringsHex!))
                yield return $"{what}: byte strings differ from numpy's";
            yield break;
        }
        if (column.Schema.DType != NumPyDTypes.FromNpy(dtype) || !column.Schema.Shape.Select(d => (long)d).SequenceEqual(expected.Shape.Skip(1)))
            yield return $"{what}: schema {column.Schema}, numpy {expected.LittleEndianDescr} {string.Join(",", expected.Shape)}";
        var bytes = samples.SelectMany(s => s.Bytes.ToArray()).ToArray();
        if (!bytes.AsSpan().SequenceEqual(Convert.FromBase64String(expected.LittleEndianBytesBase64)))
            yield return $"{what}: sample bytes differ from numpy's C-order little-endian bytes";
    }

    public void Dispose() => this.repo.Dispose();
}
