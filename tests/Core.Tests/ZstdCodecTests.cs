using Tessera.Storage;
using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>The <c>zstd</c> codec (format section 3.4): the element bytes shuffled by element, then one ZSTD frame.</summary>
public class ZstdCodecTests
{
    [Fact]
    public void The_byte_shuffle_groups_each_byte_position_and_is_undone_exactly()
    {
        // Three int32 elements and two bytes past the last whole element.
        byte[] data = [0x10, 0x11, 0x12, 0x13, 0x20, 0x21, 0x22, 0x23, 0x30, 0x31, 0x32, 0x33, 0xA0, 0xA1];
        var shuffled = new byte[data.Length];
        ByteShuffle.Shuffle(data, shuffled, elementSize: 4);
        Assert.Equal([0x10, 0x20, 0x30, 0x11, 0x21, 0x31, 0x12, 0x22, 0x32, 0x13, 0x23, 0x33, 0xA0, 0xA1], shuffled);
        var back = new byte[data.Length];
        ByteShuffle.Unshuffle(shuffled, back, elementSize: 4);
        Assert.Equal(data, back);
    }

    [Fact]
    public void A_zstd_blob_is_one_frame_of_the_shuffled_bytes()
    {
        // Two float32: 1.0 (00 00 80 3F) and 2.0 (00 00 00 40), shuffled by hand.
        byte[] data = [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x40];
        var frame = Codecs.Compress(Codec.Zstd, [.. Enumerable.Repeat(data, 64).SelectMany(x => x)], elementSize: 4)!;
        using var decompressor = new ZstdNet.Decompressor();
        byte[] planes = [.. Enumerable.Repeat((byte)0x00, 128), .. Enumerable.Repeat((byte)0x00, 128), .. Enumerable.Repeat(new byte[] { 0x80, 0x00 }, 64).SelectMany(x => x), .. Enumerable.Repeat(new byte[] { 0x3F, 0x40 }, 64).SelectMany(x => x)];
        Assert.Equal(planes, decompressor.Unwrap(frame));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Zstd_round_trips_and_refuses_a_frame_of_another_length(int elementSize)
    {
        var data = new byte[4_000 + 3];
        for (int i = 0; i < data.Length; i++)
            data[i] = (byte)(i % 7 == 0 ? i : i % 5);
        var packed = Codecs.Compress(Codec.Zstd, data, elementSize)!;
        Assert.True(packed.Length < data.Length / 2);
        var back = new byte[data.Length];
        Codecs.Decompress(Codec.Zstd, packed, back, elementSize);
        Assert.Equal(data, back);

        Assert.Throws<CorruptObjectException>(() => Codecs.Decompress(Codec.Zstd, packed, new byte[data.Length - 1], elementSize));
        Assert.Throws<CorruptObjectException>(() => Codecs.Decompress(Codec.Zstd, packed, new byte[data.Length + 1], elementSize));
        Assert.Throws<CorruptObjectException>(() => Codecs.Decompress(Codec.Zstd, packed.AsSpan(0, packed.Length / 2), back, elementSize));
        Assert.Throws<CorruptObjectException>(() => Codecs.Decompress(Codec.Zstd, "not a zstd frame"u8, back, elementSize));
    }

    [Fact]
    public void A_zstd_column_stores_its_samples_compressed_and_reads_them_back()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            var vectors = w.CreateColumn("/v", ColumnSchema.NDArray(DType.Float32, 256) with { Compression = Codec.Zstd });
            var text = w.CreateColumn("/s", ColumnSchema.Str() with { Compression = Codec.Zstd });
            for (int i = 0; i < 10; i++)
            {
                vectors.Add<float>(i, Vector(i));
                text.AddString(i, string.Concat(Enumerable.Repeat($"caption {i} ", 20)));
            }
            w.Commit("zstd");
        }
        t.Reopen();
        var head = t.Repo.Checkout("HEAD");
        Assert.Equal("ndarray float32 (256,) zstd", head.Column("/v").Schema.ToString());
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(Codec.Zstd, StoredCodec(t, head.Column("/v").Get(i).Id));
            Assert.Equal(Codec.Zstd, StoredCodec(t, head.Column("/s").Get(i).Id));
            Assert.Equal(Vector(i), head.Column("/v").Get(i).ToArray<float>());
            Assert.Equal(string.Concat(Enumerable.Repeat($"caption {i} ", 20)), head.Column("/s").Get(i).AsString());
        }
        Assert.True(t.Repo.Verify().IsOk);
    }

    [Fact]
    public void Zstd_is_a_compression_by_name_and_unknown_names_list_it()
    {
        Assert.Equal(Codec.Zstd, ColumnKinds.ParseCodec("ZSTD"));
        var error = Assert.Throws<InvalidInputException>(() => ColumnKinds.ParseCodec("lz4"));
        Assert.Equal(ErrorCode.InvalidSchema, error.Code);
        Assert.Contains("brotli or zstd", error.Message, StringComparison.Ordinal);
    }

    internal static Codec StoredCodec(TempRepo t, ObjectId sample)
    {
        Assert.True(t.Repo.Blobs.Index.TryGet(SampleRun.StoredObject(sample)!.Value, out var location));
        return location.Codec;
    }

    /// <summary>Numbers with few significant digits, as a table's often are.</summary>
    private static float[] Vector(int salt) => [.. Enumerable.Range(0, 256).Select(k => ((k * 37) + salt) % 1_000 / 100f)];
}
