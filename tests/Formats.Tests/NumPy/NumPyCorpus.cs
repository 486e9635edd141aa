using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tessera.Formats.Tests.NumPy;

/// <summary>
/// The files numpy wrote with tests/oracles/numpy/make_corpus.py, generated once per test run into a temporary
/// folder, and numpy's own account of what each holds.
/// </summary>
public sealed class NumPyCorpus : IDisposable
{
    public NumPyCorpus()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("tessera-numpy-corpus-").FullName;
        SystemPython.RunNumPyScript("make_corpus.py", Directory);
        Manifest = JsonSerializer.Deserialize<CorpusManifest>(File.ReadAllBytes(Path.Combine(Directory, "manifest.json")))
            ?? throw new InvalidOperationException("make_corpus.py wrote an empty manifest.");
    }

    public string Directory { get; }

    public CorpusManifest Manifest { get; }

    public string PathOf(string file) => Path.Combine(Directory, file);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

public sealed record CorpusManifest(
    [property: JsonPropertyName("numpy")] string NumPyVersion,
    [property: JsonPropertyName("npy")] IReadOnlyList<CorpusArray> Npy,
    [property: JsonPropertyName("npz")] IReadOnlyList<CorpusArchive> Npz,
    [property: JsonPropertyName("refused")] IReadOnlyList<CorpusRefusal> Refused);

/// <summary>One array as numpy describes it; File, Descr, Fortran and Version are set for standalone .npy files.</summary>
public sealed record CorpusArray(
    [property: JsonPropertyName("shape")] long[] Shape,
    [property: JsonPropertyName("le_descr")] string LittleEndianDescr,
    [property: JsonPropertyName("le_bytes")] string LittleEndianBytesBase64,
    [property: JsonPropertyName("strings")] string[]? Strings,
    [property: JsonPropertyName("byte_strings")] string[]? ByteStringsHex,
    [property: JsonPropertyName("file")] string? File,
    [property: JsonPropertyName("descr")] string? Descr,
    [property: JsonPropertyName("fortran")] bool Fortran,
    [property: JsonPropertyName("version")] string? Version);

public sealed record CorpusArchive(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("arrays")] IReadOnlyDictionary<string, CorpusArray> Arrays);

public sealed record CorpusRefusal(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("expect")] string ExpectedMessagePart);
