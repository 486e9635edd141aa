namespace Tessera.Tests;

/// <summary>Inline ids of str and bytes samples made a batch at a time, against the canonical encoding (format sections 3.1 and 5.2) written out by hand.</summary>
public class SampleHasherTests
{
    [Theory]
    [InlineData(ColumnKind.Str)]
    [InlineData(ColumnKind.Bytes)]
    public void A_batch_of_texts_gets_the_ids_of_their_canonical_encodings(ColumnKind kind)
    {
        var rng = new Random(17);
        // Every length that fits an id, shuffled, each twice: the header of a length is reused.
        int[] lengths = [.. Enumerable.Range(0, 24).Concat(Enumerable.Range(0, 24)).OrderBy(_ => rng.Next())];
        var offsets = new int[lengths.Length + 1];
        for (int i = 0; i < lengths.Length; i++)
            offsets[i + 1] = offsets[i] + lengths[i];
        var data = new byte[offsets[^1]];
        rng.NextBytes(data);
        var ids = new ObjectId[lengths.Length];

        SampleHasher.HashInlineTexts(kind, data, offsets, ids);

        for (int i = 0; i < lengths.Length; i++)
        {
            int length = lengths[i];
            // Marker 0x80 + encoded length, then the 8-byte header (kind, no dtype, rank 1, the length as int32), the bytes, zeros.
            var expected = new byte[ObjectId.Size];
            expected[0] = (byte)(0x80 | (8 + length));
            expected[1] = (byte)kind;
            expected[3] = 1;
            expected[5] = (byte)length;
            data.AsSpan(offsets[i], length).CopyTo(expected.AsSpan(9));
            Assert.Equal(ObjectId.Read(expected), ids[i]);
            Assert.True(ids[i].IsInlineSample);
            Assert.Equal(SampleHasher.Hash(Storage.BlobFormat.Header(kind, null, [length]), data.AsSpan(offsets[i], length)), ids[i]);
        }
    }

    [Fact]
    public void A_text_too_long_to_be_its_own_id_is_refused()
    {
        var ids = new ObjectId[2];
        var e = Assert.Throws<ArgumentException>(() => SampleHasher.HashInlineTexts(ColumnKind.Str, new byte[30], [0, 6, 30], ids));
        Assert.Contains("32 bytes", e.Message);
    }
}
