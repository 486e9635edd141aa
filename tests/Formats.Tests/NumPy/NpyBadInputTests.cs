using Tessera.Formats.NumPy;

namespace Tessera.Formats.Tests.NumPy;

/// <summary>Malformed .npy/.npz input is refused with an <see cref="NpyFormatException"/> that says what is wrong.</summary>
public sealed class NpyBadInputTests
{
    private static readonly byte[] FourFloats = new byte[16];

    public static TheoryData<string, byte[], string> MalformedNpy => new()
    {
        { "empty", [], "magic string is truncated" },
        { "wrong magic", "PK\x03\x04 not numpy"u8.ToArray(), "does not start with the magic string" },
        { "version 4.0", Version(NpyBytes.Build(NpyBytes.Header("<f4", "(4,)"), FourFloats), 4), "version 4.0 is not supported" },
        { "truncated header length", NpyBytes.Build(NpyBytes.Header("<f4", "(4,)"))[..9], "header length is truncated" },
        { "truncated header", NpyBytes.Build(NpyBytes.Header("<f4", "(4,)"))[..20], "header is truncated" },
        { "header is a list", NpyBytes.Build("['descr', '<f4']"), "must be a dict literal" },
        { "misspelled False", NpyBytes.Build("{'descr': '<f4', 'fortran_order': Fals, 'shape': (4,), }"), "'Fals' is not a literal" },
        { "unclosed string", NpyBytes.Build("{'descr': '<f4, 'fortran_order': False}"), "not a valid Python dict literal" },
        { "missing comma", NpyBytes.Build("{'descr': '<f4' 'fortran_order': False}"), "expected ',' or '}'" },
        { "trailing text", NpyBytes.Build(NpyBytes.Header("<f4", "(4,)") + "x"), "unexpected text after the literal" },
        { "deep nesting", NpyBytes.Build(new string('(', 1000)), "nesting deeper than" },
        { "function call", NpyBytes.Build("{'descr': __import__('os'), 'fortran_order': False, 'shape': ()}"), "not a valid Python dict literal" },
        { "missing shape", NpyBytes.Build("{'descr': '<f4', 'fortran_order': False}"), "lacks a key" },
        { "extra key", NpyBytes.Build("{'descr': '<f4', 'fortran_order': False, 'shape': (), 'x': 1}"), "unexpected or repeated key" },
        { "repeated key", NpyBytes.Build("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': ()}"), "unexpected or repeated key" },
        { "descr is a number", NpyBytes.Build("{'descr': 4, 'fortran_order': False, 'shape': ()}"), "'descr' must be a string" },
        { "structured descr", NpyBytes.Build("{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1,)}"), "structured (record) dtype" },
        { "object dtype", NpyBytes.Build(NpyBytes.Header("|O", "(1,)")), "object array" },
        { "unknown kind", NpyBytes.Build(NpyBytes.Header("<x4", "(1,)")), "kind 'x' is not supported" },
        { "float128", NpyBytes.Build(NpyBytes.Header("<f16", "(1,)")), "Float has no 16-byte variant" },
        { "bad byte order", NpyBytes.Build(NpyBytes.Header("!f4", "(1,)")), "byte order character" },
        { "size missing", NpyBytes.Build(NpyBytes.Header("<f", "(1,)")), "size after the kind" },
        { "U0", NpyBytes.Build(NpyBytes.Header("<U0", "(1,)")), "1 to 536870911 characters" },
        { "fortran_order is 1", NpyBytes.Build(NpyBytes.Header("<f4", "(1,)", "1")), "'fortran_order' must be True or False" },
        { "shape is a list", NpyBytes.Build(NpyBytes.Header("<f4", "[4]")), "'shape' must be a tuple" },
        { "shape is a number", NpyBytes.Build(NpyBytes.Header("<f4", "(4)")), "'shape' must be a tuple" },
        { "negative dimension", NpyBytes.Build(NpyBytes.Header("<f4", "(-1,)")), "non-negative integer" },
        { "dimension beyond int64", NpyBytes.Build(NpyBytes.Header("<f4", "(99999999999999999999,)")), "not an integer in the range of int64" },
        { "shape overflows", NpyBytes.Build(NpyBytes.Header("<f8", "(4294967296, 4294967296)")), "overflows a 64-bit count" },
        { "truncated data", NpyBytes.Build(NpyBytes.Header("<f4", "(4,)"), FourFloats[..15]), "data is truncated" },
        { "v3 header not UTF-8", Corrupt(NpyBytes.Build(NpyBytes.Header("<f4", "(4,)"), FourFloats, major: 3), 15, 0xFF), "not valid UTF-8" },
        { "invalid code point", NpyBytes.Build(NpyBytes.Header("<U1", "(1,)"), [0x00, 0x00, 0x11, 0x00]), "not a Unicode code point" },
    };

    [Theory]
    [MemberData(nameof(MalformedNpy))]
    public void Malformed_npy_is_refused_with_a_clear_message(string description, byte[] bytes, string expected)
    {
        var seekable = Assert.Throws<NpyFormatException>(() => ReadWholly(new MemoryStream(bytes)));
        Assert.Contains(expected, seekable.Message, StringComparison.Ordinal);
        var forwardOnly = Assert.Throws<NpyFormatException>(() => ReadWholly(new ForwardOnlyStream(new MemoryStream(bytes))));
        Assert.True(forwardOnly.Message.Contains(expected, StringComparison.Ordinal), $"{description}: {forwardOnly.Message}");
    }

    [Fact]
    public void Unsupported_dtype_message_lists_what_is_supported()
    {
        byte[] bytes = NpyBytes.Build(NpyBytes.Header("<M8[ns]", "(1,)"));
        var error = Assert.Throws<NpyFormatException>(() => NpyReader.Read(new MemoryStream(bytes)));
        Assert.Contains("supported: b1 (bool), i1/i2/i4/i8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_claiming_gigabytes_over_a_short_stream_allocates_little()
    {
        byte[] bytes = NpyBytes.Build(NpyBytes.Header("<f8", "(200000000,)"), new byte[1000]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<NpyFormatException>(() => NpyReader.Read(new ForwardOnlyStream(new MemoryStream(bytes))));
        Assert.Contains("data is truncated", error.Message, StringComparison.Ordinal);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 8 << 20);
    }

    [Fact]
    public void A_seekable_stream_shorter_than_the_declared_data_is_refused_before_reading()
    {
        byte[] bytes = NpyBytes.Build(NpyBytes.Header("<f8", "(200000000,)"), new byte[1000]);
        var error = Assert.Throws<NpyFormatException>(() => NpyReader.Open(new MemoryStream(bytes)));
        Assert.Contains("declares 1600000000 bytes of data, the input holds 1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_longer_than_the_cap_is_refused()
    {
        byte[] bytes = NpyBytes.Build("{}", major: 2);
        bytes[8..12].AsSpan().Clear();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 0x7FFF_FFFF);
        var error = Assert.Throws<NpyFormatException>(() => NpyReader.Read(new ForwardOnlyStream(new MemoryStream(bytes))));
        Assert.Contains("headers over 1048576 bytes are refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_a_zip_is_refused_as_npz()
    {
        var error = Assert.Throws<NpyFormatException>(() => NpzReader.Open(new MemoryStream("not a zip archive at all"u8.ToArray())));
        Assert.Contains("Not a valid .npz (zip) archive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_deflated_member_is_refused_naming_it()
    {
        byte[] archive = NpzFixtures.Write(NpzCompression.Deflated, ("x", NpyArray.Create<double>(new double[4096], 4096)));
        int dataStart = NpzFixtures.LocalDataOffset(archive);
        for (int i = dataStart; i < dataStart + 16; i++)
            archive[i] ^= 0xA5;
        var error = Assert.Throws<NpyFormatException>(() => NpzReader.ReadAll(new MemoryStream(archive)));
        Assert.Contains("x.npy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_member_that_is_not_npy_is_refused()
    {
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using Stream entry = archive.CreateEntry("notes.txt").Open();
            entry.Write("hello"u8);
        }
        using NpzReader reader = NpzReader.Open(new MemoryStream(zip.ToArray()));
        Assert.Equal(["notes.txt"], reader.Names);
        var error = Assert.Throws<NpyFormatException>(() => reader.Read("notes.txt"));
        Assert.Contains("magic string", error.Message, StringComparison.Ordinal);
    }

    private static void ReadWholly(Stream stream)
    {
        NpyArray array = NpyReader.Read(stream);
        if (array.Dtype.Kind is NpyKind.Unicode or NpyKind.Bytes)
            array.GetStrings();
    }

    private static byte[] Version(byte[] bytes, byte major)
    {
        bytes[6] = major;
        return bytes;
    }

    private static byte[] Corrupt(byte[] bytes, int index, byte value)
    {
        bytes[index] = value;
        return bytes;
    }
}
