using System.Buffers.Binary;
using Tessera.Storage;
using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>
/// The <c>dictionary</c> codec (format section 3.4): the distinct elements, sorted and shuffled, then
/// every element's index among them in the fewest bits, in ZSTD frames; the codec of runs that
/// take few values.
/// </summary>
public class DictionaryCodecTests
{
    private const int Width = 16;

    [Fact]
    public void A_dictionary_blob_is_one_frame_of_the_sorted_values_and_packed_indices()
    {
        // int16 elements 7, 3, 7, 5, 3: distinct sorted 3, 5, 7 (2 bits each), indices 2 0 2 1 0.
        short[] elements = [7, 3, 7, 5, 3];
        var data = new byte[elements.Length * 2];
        for (int i = 0; i < elements.Length; i++)
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(i * 2), elements[i]);
        var frame = DictionaryCodec.Compress([.. Enumerable.Repeat(data, 64).SelectMany(x => x)], elementSize: 2)!;
        using var decompressor = new ZstdNet.Decompressor();
        var payload = decompressor.Unwrap(frame);
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(payload));
        Assert.Equal([3, 5, 7, 0, 0, 0], payload[4..10]);   // low bytes, then high bytes
        // 320 indices of 2 bits, least significant first: 2 0 2 1 | 0 2 0 2 | 1 0 2 0 | ...
        Assert.Equal(4 + 6 + (320 * 2 / 8), payload.Length);
        Assert.Equal(0b01_10_00_10, payload[10]);
        Assert.Equal(0b10_00_10_00, payload[11]);
        Assert.Equal(0b00_10_00_01, payload[12]);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(2, 3)]
    [InlineData(4, 2)]
    [InlineData(4, 10_000)]
    [InlineData(8, 300)]
    [InlineData(8, DictionaryCodec.MaxDistinct)]
    public void Values_round_trip_exactly_whatever_their_count(int elementSize, int distinct)
    {
        var rng = new Random(distinct);
        var values = Enumerable.Range(0, distinct).Select(_ => RandomElement(rng, elementSize)).Distinct().ToList();
        var data = new byte[(distinct + 70_001) * elementSize];
        for (int i = 0; i < data.Length / elementSize; i++)
            values[i < values.Count ? i : rng.Next(values.Count)].CopyTo(data, i * elementSize);
        var packed = DictionaryCodec.Compress(data, elementSize);
        Assert.NotNull(packed);
        var back = new byte[data.Length];
        Codecs.Decompress(Codec.Dictionary, packed, back, elementSize);
        Assert.Equal(data, back);
    }

    [Theory]
    [InlineData(2, 600)]
    [InlineData(2, 40_000)]
    [InlineData(4, 10_000)]
    [InlineData(4, DictionaryCodec.MaxDistinct)]
    [InlineData(8, 5_000)]
    public void The_dictionary_is_every_distinct_value_once_in_increasing_order(int elementSize, int distinct)
    {
        // Written in a shuffled order, each value several times: the blob must not depend on the order values come in.
        var rng = new Random(distinct + elementSize);
        var values = new SortedSet<ulong>();
        while (values.Count < distinct)
            values.Add(BitConverter.ToUInt64(RandomElement(rng, 8)) >> (64 - (8 * elementSize)));
        var elements = values.SelectMany(v => new[] { v, v, v }).OrderBy(_ => rng.Next()).ToArray();
        var data = new byte[elements.Length * elementSize];
        for (int i = 0; i < elements.Length; i++)
            BitConverter.GetBytes(elements[i]).AsSpan(0, elementSize).CopyTo(data.AsSpan(i * elementSize));

        int width = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(distinct - 1));
        var payload = Payload(DictionaryCodec.Compress(data, elementSize)!, 4 + (distinct * elementSize) + (((elements.Length * width) + 7) / 8));
        Assert.Equal((uint)distinct, BinaryPrimitives.ReadUInt32LittleEndian(payload));
        var planes = payload.AsSpan(4, distinct * elementSize);
        var dictionary = new ulong[distinct];
        for (int i = 0; i < distinct; i++)
        {
            for (int b = 0; b < elementSize; b++)
                dictionary[i] |= (ulong)planes[(b * distinct) + i] << (8 * b);
        }
        Assert.Equal(values, dictionary);
        // Each element's index is its value's place in the dictionary.
        var bits = payload.AsSpan(4 + planes.Length);
        var place = values.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i);
        for (int i = 0; i < elements.Length; i += 101)
        {
            long at = (long)i * width;
            ulong window = 0;
            for (int b = 0; b < 8 && (at / 8) + b < bits.Length; b++)
                window |= (ulong)bits[(int)(at / 8) + b] << (8 * b);
            Assert.Equal(place[elements[i]], (int)((window >> (int)(at % 8)) & ((1UL << width) - 1)));
        }
    }

    [Fact]
    public void Indices_that_zstd_cannot_shrink_follow_the_compressed_values_in_a_frame_of_raw_blocks()
    {
        // 300,000 elements of 10,000 values as frequent as each other: 14-bit indices as good as random.
        var rng = new Random(14);
        var elements = Enumerable.Range(0, 300_000).Select(_ => rng.Next(10_000) / 100f).ToArray();
        var data = System.Runtime.InteropServices.MemoryMarshal.AsBytes(elements.AsSpan()).ToArray();
        var frames = DictionaryCodec.Compress(data, 4)!;
        int d = elements.Distinct().Count(), indexBytes = ((elements.Length * 14) + 7) / 8;

        // The reference decoder (libzstd) reads the frames back to back into the codec's payload.
        var payload = Payload(frames, 4 + (d * 4) + indexBytes);
        Assert.Equal((uint)d, BinaryPrimitives.ReadUInt32LittleEndian(payload));
        var back = new byte[data.Length];
        Codecs.Decompress(Codec.Dictionary, frames, back, 4);
        Assert.Equal(data, back);

        // The second frame: magic, a single-segment header with a 4-byte content size, then the
        // indices as they are in blocks of at most 128 KB, each behind its 3-byte header.
        int blocks = (indexBytes + (128 * 1024) - 1) / (128 * 1024);
        int second = frames.Length - (9 + (3 * blocks) + indexBytes);
        Assert.Equal(0xFD2FB528u, BinaryPrimitives.ReadUInt32LittleEndian(frames.AsSpan(second)));
        Assert.Equal(0b1010_0000, frames[second + 4]);
        Assert.Equal((uint)indexBytes, BinaryPrimitives.ReadUInt32LittleEndian(frames.AsSpan(second + 5)));
        int at = second + 9;
        for (int b = 0; b < blocks; b++)
        {
            int header = frames[at] | (frames[at + 1] << 8) | (frames[at + 2] << 16);
            int size = Math.Min(128 * 1024, indexBytes - (b * 128 * 1024));
            Assert.Equal((size << 3) | (b == blocks - 1 ? 1 : 0), header);
            Assert.Equal(payload.AsSpan(4 + (d * 4) + (b * 128 * 1024), size).ToArray(), frames.AsSpan(at + 3, size).ToArray());
            at += 3 + size;
        }

        // Cut short, or claiming more content than its blocks hold, the second frame is corruption.
        Assert.Throws<CorruptObjectException>(() => Codecs.Decompress(Codec.Dictionary, frames[..^5], new byte[data.Length], 4));
        var longer = (byte[])frames.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(longer.AsSpan(second + 5), (uint)indexBytes + 1);
        Assert.Throws<CorruptObjectException>(() => Codecs.Decompress(Codec.Dictionary, longer, new byte[data.Length], 4));
        Assert.Throws<CorruptObjectException>(() => Codecs.Decompress(Codec.Dictionary, frames[..second], new byte[data.Length], 4));
    }

    [Fact]
    public void Indices_that_zstd_shrinks_are_compressed_with_the_values_in_one_frame()
    {
        // 10,000 values again, but nine elements in ten take one of them: the indices compress.
        var rng = new Random(15);
        var elements = Enumerable.Range(0, 300_000).Select(_ => rng.Next(10) == 0 ? rng.Next(10_000) / 100f : 1.5f).ToArray();
        var data = System.Runtime.InteropServices.MemoryMarshal.AsBytes(elements.AsSpan()).ToArray();
        var frame = DictionaryCodec.Compress(data, 4)!;
        using var decompressor = new ZstdNet.Decompressor();
        int d = elements.Distinct().Count();
        int width = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(d - 1));
        Assert.Equal(4 + (d * 4) + (((elements.Length * width) + 7) / 8), decompressor.Unwrap(frame).Length);
        Assert.True(frame.Length < elements.Length * width / 8 / 2, $"{frame.Length} bytes");
        var back = new byte[data.Length];
        Codecs.Decompress(Codec.Dictionary, frame, back, 4);
        Assert.Equal(data, back);
    }

    [Fact]
    public void More_distinct_values_than_a_dictionary_holds_or_bytes_are_not_dictionary_coded()
    {
        // Each value twice: 65,537 values among 131,074 elements are one too many; 65,536 among 131,072 are not.
        var data = new byte[(DictionaryCodec.MaxDistinct + 1) * 2 * 4];
        for (int i = 0; i < data.Length / 4; i++)
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(i * 4), i / 2);
        Assert.Null(DictionaryCodec.Compress(data, 4));
        Assert.NotNull(DictionaryCodec.Compress(data.AsSpan(8), 4));
        Assert.Null(DictionaryCodec.Compress(data, 1));
        Assert.Null(DictionaryCodec.Compress(data.AsSpan(0, 6), 4));
        Assert.Null(DictionaryCodec.Compress([], 4));
    }

    [Fact]
    public void Elements_mostly_distinct_are_not_dictionary_coded()
    {
        // 1,000 elements: 500 distinct values are dictionary coded, 501 are left to the byte compressor.
        var data = new byte[1000 * 8];
        for (int i = 0; i < 1000; i++)
            BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(i * 8), i % 500);
        Assert.NotNull(DictionaryCodec.Compress(data, 8));
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(999 * 8), 500);
        Assert.Null(DictionaryCodec.Compress(data, 8));
    }

    [Fact]
    public void A_frame_that_does_not_decode_to_a_valid_dictionary_of_that_length_is_corrupt()
    {
        var data = new byte[4_000];
        for (int i = 0; i < 1_000; i++)
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(i * 4), i % 5);
        var frame = DictionaryCodec.Compress(data, 4)!;
        Assert.Throws<CorruptObjectException>(() => Codecs.Decompress(Codec.Dictionary, frame, new byte[4_004], 4));
        Assert.Throws<CorruptObjectException>(() => Codecs.Decompress(Codec.Dictionary, frame[..^3], new byte[4_000], 4));

        using var compressor = new ZstdNet.Compressor();
        byte[] noValues = [0, 0, 0, 0];
        Assert.Throws<CorruptObjectException>(() => Codecs.Decompress(Codec.Dictionary, compressor.Wrap(noValues), new byte[8], 4));
        // Three values (2-bit indices) and an index of 3 among the eight.
        byte[] pastTheEnd = [3, 0, 0, 0, .. new byte[12], 0b11_00_00_00, 0];
        Assert.Throws<CorruptObjectException>(() => Codecs.Decompress(Codec.Dictionary, compressor.Wrap(pastTheEnd), new byte[32], 4));
        byte[] valid = [3, 0, 0, 0, .. new byte[12], 0b10_01_00_00, 0];
        Codecs.Decompress(Codec.Dictionary, compressor.Wrap(valid), new byte[32], 4);
    }

    [Fact]
    public void Runs_of_few_distinct_numbers_are_stored_with_the_dictionary_and_others_with_zstd()
    {
        using var t = new TempRepo();
        // Numbers with two decimals below 100, as the benchmark table's: 10,000 values at most.
        var rng = new Random(3);
        var few = Enumerable.Range(0, 8_000 * Width).Select(_ => rng.Next(10_000) / 100f).ToArray();
        var many = Enumerable.Range(0, 8_000 * Width).Select(_ => (float)rng.NextDouble()).ToArray();
        var keys = Enumerable.Range(0, 8_000).Select(i => (SampleKey)i).ToArray();
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/few", ColumnSchema.NDArray(DType.Float32, Width)).AddRange<float>(keys, few);
            w.CreateColumn("/many", ColumnSchema.NDArray(DType.Float32, Width)).AddRange<float>(keys, many);
            w.Commit("runs");
        }
        t.Reopen();
        var head = t.Repo.Checkout("HEAD");
        Assert.Equal(Codec.Dictionary, ZstdCodecTests.StoredCodec(t, head.Column("/few").Get(0).Id));
        Assert.Equal(Codec.Zstd, ZstdCodecTests.StoredCodec(t, head.Column("/many").Get(0).Id));
        for (int i = 0; i < keys.Length; i += 97)
        {
            Assert.Equal(few.AsSpan(i * Width, Width).ToArray(), head.Column("/few").Get(i).ToArray<float>());
            Assert.Equal(many.AsSpan(i * Width, Width).ToArray(), head.Column("/many").Get(i).ToArray<float>());
        }
        Assert.True(t.Repo.Verify().IsOk);
    }

    [Fact]
    public void Samples_added_with_their_dictionary_codes_are_stored_as_without_them_and_wrong_codes_change_nothing()
    {
        var rng = new Random(11);
        var dictionary = Enumerable.Range(0, 10_000).Select(v => v / 100f).ToArray();
        var codes = Enumerable.Range(0, 8_000 * Width).Select(_ => (ushort)rng.Next(dictionary.Length)).ToArray();
        var values = codes.Select(c => dictionary[c]).ToArray();
        var wrong = codes.Select(c => (ushort)((c + 1) % dictionary.Length)).ToArray();
        var keys = Enumerable.Range(0, 8_000).Select(i => (SampleKey)i).ToArray();

        // Each way in a repository of its own: a run stored once is not stored again.
        var counted = Stored(column => column.AddRange<float>(keys, values));
        var coded = Stored(column => column.AddRange<float>(keys, values, dictionary, codes));
        var miscoded = Stored(column => column.AddRange<float>(keys, values, dictionary, wrong));

        Assert.Equal(Codec.Dictionary, counted.Codec);
        Assert.Equal(counted, coded);
        Assert.Equal(counted, miscoded);
        using var t = new TempRepo();
        using var w = t.Repo.OpenWriter();
        var refused = w.CreateColumn("/refused", ColumnSchema.NDArray(DType.Float32, Width));
        Assert.Equal(ErrorCode.ShapeMismatch, Assert.Throws<InvalidInputException>(() => refused.AddRange<float>(keys, values, dictionary, codes.AsMemory(1))).Code);
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<InvalidInputException>(() => refused.AddRange<float>(keys, values, new float[70_000], codes)).Code);
        Assert.Equal(0, refused.Count);

        (ObjectId Run, Codec Codec, string Packs) Stored(Action<WritableColumn> add)
        {
            using var t = new TempRepo();
            using (var w = t.Repo.OpenWriter())
            {
                add(w.CreateColumn("/v", ColumnSchema.NDArray(DType.Float32, Width)));
                w.Commit("runs");
            }
            t.Reopen();
            var head = t.Repo.Checkout("HEAD");
            for (int i = 0; i < keys.Length; i += 97)
                Assert.Equal(values.AsSpan(i * Width, Width).ToArray(), head.Column("/v").Get(i).ToArray<float>());
            Assert.True(t.Repo.Verify().IsOk);
            var sample = head.Column("/v").Get(0).Id;
            var packs = Directory.GetFiles(Path.Combine(t.Dir, ".tensor", "packs")).Order().Select(f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));
            return (SampleRun.RunOf(sample), ZstdCodecTests.StoredCodec(t, sample), string.Join(",", packs));
        }
    }

    [Fact]
    public void A_run_that_zstd_compresses_better_than_the_dictionary_is_stored_with_zstd()
    {
        // Each value 64 times in a row: 2,000 distinct values, but ZSTD finds the repeats (the
        // 512 KB run to ~3 KB) that the dictionary's 11-bit indices keep only in part (~11 KB). The
        // run is large enough to be judged on a probe first, which must not settle it for the dictionary.
        using var t = new TempRepo();
        var ramp = Enumerable.Range(0, 8_000 * Width).Select(i => i / 64).ToArray();
        var keys = Enumerable.Range(0, 8_000).Select(i => (SampleKey)i).ToArray();
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/ramp", ColumnSchema.NDArray(DType.Int32, Width)).AddRange<int>(keys, ramp);
            w.Commit("ramp");
        }
        t.Reopen();
        var column = t.Repo.Checkout("HEAD").Column("/ramp");
        Assert.Equal(Codec.Zstd, ZstdCodecTests.StoredCodec(t, column.Get(0).Id));
        Assert.Equal(ramp.AsSpan(7_999 * Width, Width).ToArray(), column.Get(7_999).ToArray<int>());
    }

    /// <summary>The codec's payload of <paramref name="length"/> bytes, decoded by libzstd from its frames.</summary>
    [Theory]
    [InlineData(2, 3, 1_000)]
    [InlineData(4, 10_000, 262_144)]
    [InlineData(8, 300, 70_000)]
    [InlineData(4, 600, 1_000)]
    public void Codes_from_a_reader_give_the_bytes_counting_gives_and_a_wrong_code_changes_nothing(int elementSize, int entries, int count)
    {
        var rng = new Random(entries);
        var dictionary = Enumerable.Range(0, entries).Select(_ => RandomElement(rng, elementSize)).DistinctBy(Convert.ToHexString).ToList();
        // Codes from the dictionary's upper half only: some entries unused, as in a run of a chunk.
        var codes = Enumerable.Range(0, count).Select(_ => (ushort)(dictionary.Count / 2 + rng.Next(dictionary.Count - (dictionary.Count / 2)))).ToArray();
        var data = codes.SelectMany(c => dictionary[c]).ToArray();
        var dictionaryBytes = dictionary.SelectMany(e => e).ToArray();
        var counted = DictionaryCodec.Compress(data, elementSize);

        Assert.Equal(counted, DictionaryCodec.Compress(data, elementSize, dictionaryBytes, codes));

        // An element that is not its code's value, a code past the dictionary, a dictionary holding a
        // value twice (so that two codes name one value): the same bytes, counted by hashing.
        var wrong = (ushort[])codes.Clone();
        wrong[count / 2] = (ushort)(wrong[count / 2] == dictionary.Count - 1 ? dictionary.Count - 2 : wrong[count / 2] + 1);
        Assert.Equal(counted, DictionaryCodec.Compress(data, elementSize, dictionaryBytes, wrong));
        wrong[count / 2] = (ushort)dictionary.Count;
        Assert.Equal(counted, DictionaryCodec.Compress(data, elementSize, dictionaryBytes, wrong));
        var twice = dictionaryBytes.Concat(dictionary[codes[0]]).ToArray();
        var twiceCodes = (ushort[])codes.Clone();
        twiceCodes[0] = (ushort)dictionary.Count;
        Assert.Equal(counted, DictionaryCodec.Compress(data, elementSize, twice, twiceCodes));
        var back = new byte[data.Length];
        Codecs.Decompress(Codec.Dictionary, counted!, back, elementSize);
        Assert.Equal(data, back);
    }

    [Fact]
    public void Codes_of_more_values_than_half_the_elements_are_not_dictionary_coded()
    {
        // 1,000 float32s of 501 values: past half, as when they are counted.
        var dictionary = Enumerable.Range(0, 501).SelectMany(v => BitConverter.GetBytes((float)v)).ToArray();
        var codes = Enumerable.Range(0, 1_000).Select(i => (ushort)(i % 501)).ToArray();
        var data = codes.SelectMany(c => BitConverter.GetBytes((float)c)).ToArray();
        Assert.Null(DictionaryCodec.Compress(data, 4));
        Assert.Null(DictionaryCodec.Compress(data, 4, dictionary, codes));
    }

    private static byte[] Payload(byte[] frames, int length)
    {
        using var decompressor = new ZstdNet.Decompressor();
        var payload = new byte[length];
        Assert.Equal(length, decompressor.Unwrap(frames, payload, bufferSizePrecheck: false));
        return payload;
    }

    private static byte[] RandomElement(Random rng, int size)
    {
        var bytes = new byte[size];
        rng.NextBytes(bytes);
        return bytes;
    }
}
