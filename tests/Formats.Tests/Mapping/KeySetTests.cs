using Tessera.Formats.Mapping;

namespace Tessera.Formats.Tests.Mapping;

/// <summary>Key uniqueness, in increasing order (no set kept) and after the order breaks, within a batch of rows and across batches.</summary>
public class KeySetTests
{
    [Theory]
    [InlineData(new long[] { 0, 1, 2, 10, 11 }, -1)]
    [InlineData(new long[] { 3, 1, 2, 0 }, -1)]
    [InlineData(new long[] { 1, 2, 3, 2 }, 3)]
    [InlineData(new long[] { 1, 2, 3, 1 }, 3)]
    [InlineData(new long[] { 5, 5 }, 1)]
    [InlineData(new long[] { 4, 2, 9, 2 }, 3)]
    [InlineData(new long[] { 1, 2, 3, 4, 5, 6, 7, 0, 8, 6 }, 9)]
    [InlineData(new long[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 1 }, 9)]
    public void A_repeat_is_refused_at_its_row_whatever_the_order_and_the_batches(long[] keys, int repeatAt)
    {
        foreach (int batchRows in new[] { 1, 2, 3, keys.Length })
        {
            var set = new KeySet("id");
            var batches = new List<SampleKey[]>();
            for (int row = 0; row < keys.Length; row++)
            {
                if (row % batchRows == 0)
                    batches.Add(set.NewBatch(Math.Min(batchRows, keys.Length - row)));
                if (row == repeatAt)
                {
                    var error = Assert.Throws<InvalidFileException>(() => set.FromInt(keys[row], row));
                    Assert.Contains($"repeats the key {keys[row]} (again at row {row})", error.Message, StringComparison.Ordinal);
                    break;
                }
                Assert.Equal(SampleKey.Of(keys[row]), set.FromInt(keys[row], row));
            }
            if (repeatAt < 0)
                Assert.Equal(keys.Select(SampleKey.Of), batches.SelectMany(b => b));
        }
    }

    [Fact]
    public void String_and_integer_keys_mix_and_repeats_are_found_after_the_order_breaks()
    {
        var set = new KeySet("id");
        set.NewBatch(2);
        set.FromInt(7, 0);
        set.FromString("a", 1);
        set.NewBatch(3);
        set.FromString("b", 2);
        set.FromInt(3, 3);
        Assert.Throws<InvalidFileException>(() => set.FromString("a", 4));
    }

    [Fact]
    public void A_key_past_its_batch_or_a_batch_left_unfilled_is_a_mistake_of_the_caller()
    {
        var set = new KeySet("id");
        Assert.Throws<InvalidOperationException>(() => set.FromInt(1, 0));
        set.NewBatch(1);
        set.FromInt(1, 0);
        Assert.Throws<InvalidOperationException>(() => set.FromInt(2, 1));
        set.NewBatch(2);
        set.FromInt(2, 1);
        Assert.Throws<InvalidOperationException>(() => set.NewBatch(1));
    }
}
