using Tessera.Formats.Mapping;

namespace Tessera.Formats.Tests.Mapping;

/// <summary>Key uniqueness, in increasing order (no set kept) and after the order breaks.</summary>
public class KeySetTests
{
    [Theory]
    [InlineData(new long[] { 0, 1, 2, 10, 11 }, -1)]
    [InlineData(new long[] { 3, 1, 2, 0 }, -1)]
    [InlineData(new long[] { 1, 2, 3, 2 }, 3)]
    [InlineData(new long[] { 1, 2, 3, 1 }, 3)]
    [InlineData(new long[] { 5, 5 }, 1)]
    [InlineData(new long[] { 4, 2, 9, 2 }, 3)]
    public void A_repeat_is_refused_at_its_row_whatever_the_order(long[] keys, int repeatAt)
    {
        var set = new KeySet("id");
        for (int row = 0; row < keys.Length; row++)
        {
            if (row == repeatAt)
            {
                var error = Assert.Throws<InvalidFileException>(() => set.FromInt(keys[row], row));
                Assert.Contains($"repeats the key {keys[row]} (again at row {row})", error.Message, StringComparison.Ordinal);
                return;
            }
            Assert.Equal(SampleKey.Of(keys[row]), set.FromInt(keys[row], row));
        }
        Assert.Equal(-1, repeatAt);
    }

    [Fact]
    public void String_and_integer_keys_mix_and_repeats_are_found_after_the_order_breaks()
    {
        var set = new KeySet("id");
        set.FromInt(7, 0);
        set.FromString("a", 1);
        set.FromString("b", 2);
        set.FromInt(3, 3);
        Assert.Throws<InvalidFileException>(() => set.FromString("a", 4));
    }
}
