namespace Tessera.Tests;

/// <summary>
/// Ids read from the first bytes of a span, as pages hold inline sample ids without their padding,
/// and built from a prefix and an item, as a column of scalars makes its inline sample ids.
/// </summary>
public class ObjectIdTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(17)]
    [InlineData(24)]
    [InlineData(31)]
    [InlineData(32)]
    public void A_prefix_reads_as_its_bytes_then_zeros_whether_or_not_more_bytes_follow(int length)
    {
        var bytes = Enumerable.Range(0, 40).Select(i => (byte)(0xF0 - i)).ToArray();
        var padded = new byte[ObjectId.Size];
        bytes.AsSpan(0, length).CopyTo(padded);
        var expected = ObjectId.Read(padded);

        // Words read whole and masked (bytes follow) and the prefix copied alone (the span ends with it).
        Assert.Equal(expected, ObjectId.ReadPrefix(bytes, length));
        Assert.Equal(expected, ObjectId.ReadPrefix(bytes.AsSpan(0, length), length));
        Assert.Throws<ArgumentOutOfRangeException>(() => ObjectId.ReadPrefix(bytes.AsSpan(0, length), length + 1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Ids_of_items_after_a_prefix_hold_the_prefix_the_item_and_zeros_at_every_offset(int itemSize)
    {
        var rng = new Random(itemSize);
        var data = new byte[5 * itemSize];
        rng.NextBytes(data);
        for (int prefixLength = 0; prefixLength + itemSize <= ObjectId.Size; prefixLength++)
        {
            var prefix = Enumerable.Range(0, prefixLength).Select(i => (byte)(0xA0 + i)).ToArray();
            var ids = new ObjectId[5];
            ObjectId.WithItems(prefix, data, itemSize, ids);
            for (int i = 0; i < ids.Length; i++)
            {
                var expected = new byte[ObjectId.Size];
                prefix.CopyTo(expected, 0);
                data.AsSpan(i * itemSize, itemSize).CopyTo(expected.AsSpan(prefixLength));
                Assert.Equal(ObjectId.Read(expected), ids[i]);
            }
        }
        Assert.Throws<ArgumentException>(() => ObjectId.WithItems(new byte[ObjectId.Size - itemSize + 1], data, itemSize, new ObjectId[5]));
        Assert.Throws<ArgumentException>(() => ObjectId.WithItems([], data, itemSize, new ObjectId[4]));
        Assert.Throws<ArgumentException>(() => ObjectId.WithItems([], new byte[15], 3, new ObjectId[5]));
    }
}
