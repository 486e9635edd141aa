using Tessera.Formats.NumPy;

namespace Tessera.Formats.Tests.NumPy;

/// <summary>Tessera reads what numpy wrote and must report the values numpy reports.</summary>
public sealed class NumPyCorpusReadTests(NumPyCorpus corpus) : IClassFixture<NumPyCorpus>
{
    [Fact]
    public void Corpus_covers_every_dtype_order_version_and_shape()
    {
        // 16 dtypes x 5 shapes: 12 dtypes in 2 byte orders and 4 order-free (b1, i1, u1, S4), x C/F x 3 versions;
        // plus np.save of a C- and a Fortran-contiguous array per dtype and shape.
        Assert.Equal(((12 * 2) + 4) * 5 * 2 * 3 + (16 * 5 * 2), corpus.Manifest.Npy.Count);
    }

    [Fact]
    public void Reads_every_npy_file_as_numpy_does()
    {
        var failures = new List<string>();
        foreach (CorpusArray expected in corpus.Manifest.Npy)
        {
            NpyArray array = NpyReader.ReadFile(corpus.PathOf(expected.File!));
            failures.AddRange(Compare(expected.File!, expected, array));
            if (array.SourceFortranOrder != expected.Fortran)
                failures.Add($"{expected.File}: SourceFortranOrder {array.SourceFortranOrder}, numpy wrote {expected.Fortran}");
            if (array.SourceByteOrder != NpyDtype.Parse(expected.Descr!).ByteOrder)
                failures.Add($"{expected.File}: SourceByteOrder {array.SourceByteOrder}, numpy wrote {expected.Descr}");
        }
        Assert.Empty(failures);
    }

    [Fact]
    public void Reads_every_npy_file_sample_by_sample_as_numpy_does()
    {
        var failures = new List<string>();
        foreach (CorpusArray expected in corpus.Manifest.Npy)
        {
            using NpyStreamReader reader = NpyReader.Open(File.OpenRead(corpus.PathOf(expected.File!)));
            if (reader.Header.Version.ToString() != expected.Version)
                failures.Add($"{expected.File}: version {reader.Header.Version}, numpy wrote {expected.Version}");
            var collected = new MemoryStream();
            // A batch smaller than two samples forces one read per sample.
            foreach (ReadOnlyMemory<byte> batch in reader.ReadBatches(batchBytes: 1))
                collected.Write(batch.Span);
            if (!collected.ToArray().AsSpan().SequenceEqual(Convert.FromBase64String(expected.LittleEndianBytesBase64)))
                failures.Add($"{expected.File}: streamed samples differ from numpy's C-order little-endian bytes");
            if (reader.SamplesRemaining != 0)
                failures.Add($"{expected.File}: {reader.SamplesRemaining} samples left after the batches");
        }
        Assert.Empty(failures);
    }

    [Fact]
    public void Reads_stored_and_deflated_npz_archives_as_numpy_does()
    {
        Assert.Equal(2, corpus.Manifest.Npz.Count);
        var failures = new List<string>();
        foreach (CorpusArchive archive in corpus.Manifest.Npz)
        {
            using NpzReader reader = NpzReader.OpenFile(corpus.PathOf(archive.File));
            Assert.Equal(archive.Arrays.Keys.Order(StringComparer.Ordinal), reader.Names.Order(StringComparer.Ordinal));
            foreach (var (name, expected) in archive.Arrays)
                failures.AddRange(Compare($"{archive.File}:{name}", expected, reader.Read(name)));
        }
        Assert.Empty(failures);
    }

    [Fact]
    public void Refuses_the_dtypes_numpy_writes_but_Tessera_does_not_support()
    {
        Assert.Equal(6, corpus.Manifest.Refused.Count);
        foreach (CorpusRefusal refusal in corpus.Manifest.Refused)
        {
            var error = Assert.Throws<NpyFormatException>(() => NpyReader.ReadFile(corpus.PathOf(refusal.File)));
            Assert.Contains(refusal.ExpectedMessagePart, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Writes_the_same_bytes_as_np_save()
    {
        var saved = corpus.Manifest.Npy.Where(a => a.File!.EndsWith("_save_C.npy", StringComparison.Ordinal)).ToList();
        Assert.Equal(16 * 5, saved.Count);
        var failures = new List<string>();
        foreach (CorpusArray expected in saved)
        {
            byte[] original = File.ReadAllBytes(corpus.PathOf(expected.File!));
            using var rewritten = new MemoryStream();
            NpyWriter.Write(rewritten, NpyReader.Read(new MemoryStream(original)));
            if (!rewritten.ToArray().AsSpan().SequenceEqual(original))
                failures.Add($"{expected.File}: Tessera's bytes differ from np.save's");
        }
        Assert.Empty(failures);
    }

    private static IEnumerable<string> Compare(string label, CorpusArray expected, NpyArray array)
    {
        if (array.Dtype.Descr != expected.LittleEndianDescr)
            yield return $"{label}: dtype {array.Dtype.Descr}, numpy says {expected.LittleEndianDescr}";
        if (!array.ShapeSpan.SequenceEqual(expected.Shape))
            yield return $"{label}: shape ({string.Join(", ", array.Shape)}), numpy says ({string.Join(", ", expected.Shape)})";
        if (!array.Data.Span.SequenceEqual(Convert.FromBase64String(expected.LittleEndianBytesBase64)))
            yield return $"{label}: data differs from numpy's C-order little-endian bytes";
        if (expected.Strings is not null && !array.GetStrings().SequenceEqual(expected.Strings))
            yield return $"{label}: strings [{string.Join("|", array.GetStrings())}], numpy says [{string.Join("|", expected.Strings)}]";
        if (expected.ByteStringsHex is not null
            && !array.GetByteStrings().Select(Convert.ToHexStringLower).SequenceEqual(expected.ByteStringsHex))
            yield return $"{label}: byte strings differ from numpy's";
    }
}
