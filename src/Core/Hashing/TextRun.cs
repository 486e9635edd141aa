using System.Buffers.Binary;
using Tessera.Storage;

namespace Tessera;

/// <summary>
/// The layout of a run of short str or bytes samples (format 9; design note 016, "Later: texts in
/// runs"): a table's column of names stored in runs as its numbers are, where an inline id per row
/// made every leaf entry hold its value. A text run's canonical encoding is a header of kind
/// <see cref="StrKind"/> or <see cref="BytesKind"/>, rank 2, dimensions (N, B), then the N items'
/// lengths, one byte each, then their B bytes back to back. Only runs have these kinds.
/// </summary>
internal static class TextRun
{
    /// <summary>The header kind of a run of str items.</summary>
    public const byte StrKind = 3;

    /// <summary>The header kind of a run of bytes items.</summary>
    public const byte BytesKind = 4;

    /// <summary>
    /// The longest item: a rank-1 sample's header is 8 bytes, so an item whose encoding is at most
    /// <see cref="SampleRun.MaxItemBytes"/> holds at most 248, and its length fits the byte it is given.
    /// </summary>
    public const int MaxItemLength = SampleRun.MaxItemBytes - 8;

    private const int HeaderSize = 16;

    /// <summary>The canonical header of a run of <paramref name="count"/> items of <paramref name="textBytes"/> bytes in all.</summary>
    public static byte[] Header(ColumnKind items, int count, int textBytes)
    {
        var header = new byte[HeaderSize];
        header[0] = items == ColumnKind.Str ? StrKind : BytesKind;
        header[2] = 2;
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), count);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), textBytes);
        return header;
    }

    /// <summary>Parses a text run's header (its first byte is one of the two kinds); refuses anything else as corruption.</summary>
    public static SampleHeader ReadHeader(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < HeaderSize || blob[1] != 0 || blob[2] != 2 || blob[3] != 0 || BinaryPrimitives.ReadUInt32LittleEndian(blob[12..]) != 0)
            throw new CorruptObjectException("A text run's header is malformed.");
        int count = BinaryPrimitives.ReadInt32LittleEndian(blob[4..]);
        int textBytes = BinaryPrimitives.ReadInt32LittleEndian(blob[8..]);
        if (count is < 0 or > SampleRun.MaxItems || textBytes < 0 || textBytes > (long)count * MaxItemLength)
            throw new CorruptObjectException($"A text run's header claims {count} items of {textBytes} bytes.");
        var kind = blob[0] == StrKind ? ColumnKind.Str : ColumnKind.Bytes;
        return new SampleHeader(kind, null, [count, textBytes], HeaderSize, count + textBytes, TextRun: true);
    }

    /// <summary>
    /// The data of a run of <paramref name="items"/> (positions in a batch whose sample i is
    /// <paramref name="data"/>[offsets[i]..offsets[i + 1]], each at most <see cref="MaxItemLength"/> bytes).
    /// </summary>
    public static byte[] Data(ReadOnlySpan<int> items, ReadOnlySpan<byte> data, ReadOnlySpan<int> offsets)
    {
        long textBytes = 0;
        foreach (int i in items)
            textBytes += offsets[i + 1] - offsets[i];
        var bytes = GC.AllocateUninitializedArray<byte>(checked(items.Length + (int)textBytes));
        int at = items.Length;
        for (int k = 0; k < items.Length; k++)
        {
            var text = data[offsets[items[k]]..offsets[items[k] + 1]];
            bytes[k] = checked((byte)text.Length);
            text.CopyTo(bytes.AsSpan(at));
            at += text.Length;
        }
        return bytes;
    }

    /// <summary>Whether a text run's item lengths add up to its text.</summary>
    public static bool LengthsAddUp(ReadOnlySpan<byte> runData, int count)
    {
        long total = 0;
        foreach (byte length in runData[..Math.Min(count, runData.Length)])
            total += length;
        return count <= runData.Length && total == runData.Length - count;
    }

    /// <summary>
    /// Where each item of a text run's data ends, counted from the start of the text: item i is
    /// text[ends[i - 1]..ends[i]] (from 0 for the first). Refuses lengths that do not add up to the text's.
    /// </summary>
    public static int[] Ends(ReadOnlySpan<byte> runData, int count)
    {
        var ends = new int[count];
        int end = 0;
        for (int i = 0; i < count; i++)
        {
            end += runData[i];
            ends[i] = end;
        }
        if (end != runData.Length - count)
            throw new CorruptObjectException($"A text run's item lengths add up to {end} bytes; it holds {runData.Length - count}.");
        return ends;
    }
}
