using Tessera.Manifests;

namespace Tessera.Tests;

/// <summary>Ids in entry pages and the staging log: inline sample ids without their padding, items of the previous run by index, others whole.</summary>
public class CompactIdTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(31)]
    [InlineData(200)]
    public void Sample_ids_round_trip_and_inline_ones_drop_their_padding(int dataLength)
    {
        byte[] header = [1, 2, 3];
        byte[] data = [.. Enumerable.Range(7, dataLength - Math.Min(dataLength, 3)).Select(i => (byte)i)];
        var id = SampleHasher.Hash(header[..Math.Min(dataLength, 3)], data);
        var writer = new ByteWriter();
        var lastRun = ObjectId.Zero;
        CompactId.Write(writer, id, ref lastRun);
        CompactId.Write(writer, ObjectId.Zero, ref lastRun);
        var bytes = writer.ToArray();

        int expected = id.IsInlineSample ? 1 + Math.Min(dataLength, 3) + data.Length : ObjectId.Size;
        Assert.Equal(expected, CompactId.MaxLength(id));
        Assert.Equal(expected + ObjectId.Size, bytes.Length);
        Assert.Equal(dataLength <= SampleHasher.InlineMax, id.IsInlineSample);
        int pos = 0;
        lastRun = ObjectId.Zero;
        Assert.Equal(id, CompactId.Read(bytes, ref pos, ref lastRun));
        Assert.Equal(ObjectId.Zero, CompactId.Read(bytes, ref pos, ref lastRun));
        Assert.Equal(bytes.Length, pos);
    }

    [Fact]
    public void Items_of_the_previous_run_take_their_index_only()
    {
        var runA = SampleRun.RunIdOf(ObjectId.Hash([1]));
        var runB = SampleRun.RunIdOf(ObjectId.Hash([2]));
        ObjectId[] ids = [SampleRun.ItemId(runA, 0), SampleRun.ItemId(runA, 65_535), SampleHasher.Hash([1], [2]), SampleRun.ItemId(runA, 7), SampleRun.ItemId(runB, 300), SampleRun.ItemId(runA, 1)];
        var writer = new ByteWriter();
        var lastRun = ObjectId.Zero;
        foreach (var id in ids)
            CompactId.Write(writer, id, ref lastRun);
        var bytes = writer.ToArray();

        // Full item id, same run (1 + 3), inline (1 + 2), same run (1 + 1), another run in full, runA again in full.
        Assert.Equal(32 + 4 + 3 + 2 + 32 + 32, bytes.Length);
        int pos = 0;
        lastRun = ObjectId.Zero;
        foreach (var id in ids)
        {
            var read = CompactId.Read(bytes, ref pos, ref lastRun);
            Assert.Equal(id, read);
            Assert.True(!read.IsRunSample || SampleRun.RunOf(read) == (SampleRun.IndexOf(read) == 300 ? runB : runA));
        }
        Assert.Equal(bytes.Length, pos);
    }

    [Fact]
    public void A_run_item_id_names_its_run_and_index_and_is_neither_inline_nor_stored_itself()
    {
        var run = SampleRun.RunIdOf(Unmask(ObjectId.Hash([9, 9])));
        var item = SampleRun.ItemId(run, 12_345);
        Assert.True(item.IsRunSample);
        Assert.False(item.IsInlineSample);
        Assert.Equal(run, SampleRun.RunOf(item));
        Assert.Equal(12_345, SampleRun.IndexOf(item));
        Assert.Equal(run, SampleRun.StoredObject(item));
        Assert.Null(SampleRun.StoredObject(SampleHasher.Hash([1], [2])));
        // A run of eight float32s: stored under its hash cut to a run id (or, as a sample, its whole hash).
        byte[] header = [0, 11, 1, 0, 8, 0, 0, 0];
        var data = new byte[32];
        var hashed = SampleHasher.HashStored(header, data);
        Assert.True(SampleRun.HashMatches(SampleRun.RunIdOf(hashed), header, data, textRun: false));
        Assert.True(SampleRun.HashMatches(hashed, header, data, textRun: false));
        data[5] = 1;
        Assert.False(SampleRun.HashMatches(SampleRun.RunIdOf(hashed), header, data, textRun: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleRun.ItemId(run, SampleRun.MaxItems));
    }

    [Theory]
    [InlineData(new byte[] { 0xA0, 1, 2 })]
    [InlineData(new byte[] { 0x85, 1, 2 })]
    [InlineData(new byte[] { 0x10, 1, 2 })]
    [InlineData(new byte[] { 0xC1, 1 })]
    [InlineData(new byte[] { 0xC0, 1, 2 })]
    [InlineData(new byte[0])]
    public void Malformed_or_truncated_ids_are_refused(byte[] bytes)
    {
        int pos = 0;
        var lastRun = ObjectId.Zero;
        Assert.Throws<CorruptObjectException>(() => CompactId.Read(bytes, ref pos, ref lastRun));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(31)]
    public void An_id_that_is_not_a_sample_id_is_not_written_as_one(int nonzero)
    {
        // An inline id of one byte (0x81, then the byte): any byte after the second is padding.
        var bytes = new byte[ObjectId.Size];
        bytes[0] = 0x81;
        bytes[nonzero] = 9;
        var lastRun = ObjectId.Zero;
        Assert.Throws<InvalidOperationException>(() => CompactId.Write(new ByteWriter(), ObjectId.Read(bytes), ref lastRun));
    }

    /// <summary>A run's hash as the sample hasher gives it: the top bit of the first byte cleared.</summary>
    private static ObjectId Unmask(ObjectId hash)
    {
        var bytes = hash.ToBytes();
        bytes[0] &= 0x7F;
        return ObjectId.Read(bytes);
    }
}
