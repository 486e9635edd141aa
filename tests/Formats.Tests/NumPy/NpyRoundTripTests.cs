using System.Numerics;
using Tessera.Formats.NumPy;

namespace Tessera.Formats.Tests.NumPy;

/// <summary>Data in equals data out through Tessera's own writer and reader, and the typed views see the right values.</summary>
public sealed class NpyRoundTripTests
{
    [Fact]
    public void Every_dtype_and_shape_round_trips_bit_for_bit()
    {
        foreach (var (name, array) in TestArrays.All(seed: 3))
        {
            var stream = new MemoryStream();
            NpyWriter.Write(stream, array);
            stream.Position = 0;
            NpyArray back = NpyReader.Read(new ForwardOnlyStream(stream));
            Assert.True(array.Dtype == back.Dtype, name);
            Assert.True(array.ShapeSpan.SequenceEqual(back.ShapeSpan), name);
            Assert.True(array.Data.Span.SequenceEqual(back.Data.Span), name);
            Assert.Equal(0, (stream.Length - array.Data.Length) % 64); // numpy aligns the data to 64 bytes
        }
    }

    [Fact]
    public void Typed_views_match_the_values_written()
    {
        NpyArray halves = RoundTrip(NpyArray.Create<Half>([(Half)1.5, Half.NaN, Half.NegativeInfinity], 3));
        Assert.Equal([(Half)1.5, Half.NaN, Half.NegativeInfinity], halves.AsSpan<Half>().ToArray());
        NpyArray complex = RoundTrip(NpyArray.Create<Complex>([new Complex(1, -2), new Complex(0.5, 3)], 2, 1));
        Assert.Equal(new Complex(0.5, 3), complex.AsSpan<Complex>()[1]);
        NpyArray complex64 = RoundTrip(NpyArray.Create<NpyComplex64>([new NpyComplex64(1f, -2f)], []));
        Assert.Equal(new NpyComplex64(1f, -2f), complex64.AsSpan<NpyComplex64>()[0]);
        NpyArray bools = RoundTrip(NpyArray.Create<bool>([true, false, true], 3));
        Assert.Equal([true, false, true], bools.AsSpan<bool>().ToArray());
        NpyArray longs = RoundTrip(NpyArray.Create<ulong>([ulong.MaxValue, 0], 2));
        Assert.Equal(ulong.MaxValue, longs.AsSpan<ulong>()[0]);
    }

    [Fact]
    public void A_view_of_the_wrong_type_is_refused()
    {
        NpyArray floats = NpyArray.Create<float>([1f, 2f], 2);
        var error = Assert.Throws<InvalidOperationException>(() => floats.AsSpan<int>());
        Assert.Contains("<f4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Strings_round_trip_including_characters_beyond_the_BMP()
    {
        string[] values = ["", "h\u00e9", "\U0001F600", "tab\tand NUL\0inside"];
        NpyArray array = RoundTrip(NpyArray.FromStrings(values, 2, 2));
        Assert.Equal("<U18", array.Dtype.Descr);
        Assert.Equal(values, array.GetStrings());
        byte[][] bytes = [[0xFF, 0x00, 0x41], [], [1]];
        NpyArray byteStrings = RoundTrip(NpyArray.FromByteStrings(bytes, 3));
        Assert.Equal("|S3", byteStrings.Dtype.Descr);
        Assert.Equal(bytes, byteStrings.GetByteStrings());
        Assert.Equal(["\u00FF\0A", "", "\u0001"], byteStrings.GetStrings());
    }

    [Fact]
    public void Nonzero_bool_bytes_read_as_true_like_numpy()
    {
        NpyArray array = NpyReader.Read(new MemoryStream(NpyBytes.Build(NpyBytes.Header("|b1", "(3,)"), [0, 2, 255])));
        Assert.Equal([false, true, true], array.AsSpan<bool>().ToArray());
    }

    [Fact]
    public void Big_endian_Fortran_input_is_normalized_and_remembered()
    {
        // A 2x3 '>i2' array in Fortran order: column-major [[1,2,3],[4,5,6]] is 1,4,2,5,3,6.
        byte[] data = [0, 1, 0, 4, 0, 2, 0, 5, 0, 3, 0, 6];
        NpyArray array = NpyReader.Read(new MemoryStream(NpyBytes.Build(NpyBytes.Header(">i2", "(2, 3)", "True"), data)));
        Assert.Equal([1, 2, 3, 4, 5, 6], array.AsSpan<short>().ToArray());
        Assert.Equal("<i2", array.Dtype.Descr);
        Assert.Equal(NpyByteOrder.Big, array.SourceByteOrder);
        Assert.True(array.SourceFortranOrder);
    }

    [Fact]
    public void Samples_stream_in_bounded_batches_from_a_forward_only_stream()
    {
        NpyArray array = TestArrays.Numeric(NpyDtype.Int32, [10_000, 4, 4], new Random(5));
        var stream = new MemoryStream();
        NpyWriter.Write(stream, array);
        stream.Position = 0;
        using NpyStreamReader reader = NpyReader.Open(new ForwardOnlyStream(stream));
        Assert.Equal(10_000, reader.SampleCount);
        Assert.Equal(64, reader.SampleByteCount);
        var collected = new MemoryStream();
        int batches = 0;
        foreach (ReadOnlyMemory<byte> batch in reader.ReadBatches(batchBytes: 1000))
        {
            Assert.InRange(batch.Length, 64, 1000);
            collected.Write(batch.Span);
            batches++;
        }
        Assert.Equal(10_000 / 15 + 1, batches);
        Assert.Equal(array.Data.ToArray(), collected.ToArray());
    }

    [Fact]
    public void A_zero_d_array_is_one_sample_of_shape_empty()
    {
        var stream = new MemoryStream();
        NpyWriter.Write(stream, NpyArray.Create<double>([42.0], []));
        stream.Position = 0;
        using NpyStreamReader reader = NpyReader.Open(stream);
        Assert.Equal(1, reader.SampleCount);
        Span<byte> sample = stackalloc byte[8];
        Assert.Equal(1, reader.ReadSamples(sample));
        Assert.Equal(42.0, BitConverter.ToDouble(sample));
        Assert.Equal(0, reader.ReadSamples(sample));
    }

    [Fact]
    public void A_destination_smaller_than_a_sample_is_refused()
    {
        var stream = new MemoryStream();
        NpyWriter.Write(stream, NpyArray.Create<double>([1, 2, 3, 4], 2, 2));
        stream.Position = 0;
        using NpyStreamReader reader = NpyReader.Open(stream);
        Assert.Throws<ArgumentException>(() => reader.ReadSamples(new byte[15]));
    }

    [Fact]
    public void The_stream_writer_refuses_too_much_or_too_little_data()
    {
        using var writer = new NpyStreamWriter(new MemoryStream(), NpyDtype.Int16, [2, 3]);
        Assert.Throws<ArgumentException>(() => writer.WriteSamples(new byte[5]));
        writer.WriteSamples<short>([1, 2, 3]);
        Assert.Throws<InvalidOperationException>(writer.Complete);
        Assert.Throws<ArgumentException>(() => writer.WriteSamples<int>([1]));
        writer.WriteSamples<short>([4, 5, 6]);
        Assert.Throws<InvalidOperationException>(() => writer.WriteSamples<short>([7, 8, 9]));
        writer.Complete();
    }

    [Fact]
    public void Npz_round_trips_stored_and_deflated_with_names_and_streaming_members()
    {
        var arrays = TestArrays.All(seed: 9).ToArray();
        foreach (NpzCompression compression in Enum.GetValues<NpzCompression>())
        {
            byte[] archive = NpzFixtures.Write(compression, arrays);
            IReadOnlyDictionary<string, NpyArray> back = NpzReader.ReadAll(new MemoryStream(archive));
            Assert.Equal(arrays.Select(a => a.Name), back.Keys);
            foreach (var (name, array) in arrays)
                Assert.True(array.Data.Span.SequenceEqual(back[name].Data.Span), $"{compression} {name}");

            using NpzReader reader = NpzReader.Open(new MemoryStream(archive));
            using NpyStreamReader member = reader.OpenArray("i4_2x3x4");
            Assert.Equal(2, member.ReadBatches(batchBytes: 48).Count());
            Assert.Throws<KeyNotFoundException>(() => reader.Read("absent"));
        }
    }

    private static NpyArray RoundTrip(NpyArray array)
    {
        var stream = new MemoryStream();
        NpyWriter.Write(stream, array);
        stream.Position = 0;
        return NpyReader.Read(stream);
    }
}
