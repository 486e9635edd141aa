using System.Numerics;

namespace Tessera.Formats.Compression.Zstd;

/// <summary>
/// Writes the sequences section of a compressed block (RFC 8878 §3.1.1.3.2) with the predefined
/// FSE distributions for all three codes, so no table descriptions are needed.
/// </summary>
internal static class SequencesEncoder
{
    /// <summary>Bytes one sequence can take in the bitstream: 17 bits of states and at most 16 + 16 + 31 extra bits.</summary>
    public const int MaxBytesPerSequence = 10;

    private static readonly FseEncoder LiteralLengths = FseEncoder.From(SequenceCodes.DefaultLiteralLengthTable, SequenceCodes.DefaultLiteralLengthNorm);
    private static readonly FseEncoder MatchLengths = FseEncoder.From(SequenceCodes.DefaultMatchLengthTable, SequenceCodes.DefaultMatchLengthNorm);
    private static readonly FseEncoder Offsets = FseEncoder.From(SequenceCodes.DefaultOffsetTable, SequenceCodes.DefaultOffsetNorm);
    private static readonly byte[] SmallLiteralLengthCodes = SmallCodes(SequenceCodes.LiteralLengthBase, 64, 0);
    private static readonly byte[] SmallMatchLengthCodes = SmallCodes(SequenceCodes.MatchLengthBase, 128, 3);

    /// <summary>Writes the section into <paramref name="destination"/> (which needs 8 bytes of slack) and returns its length.</summary>
    public static int Write(ReadOnlySpan<Sequence> sequences, Span<byte> destination)
    {
        int count = sequences.Length;
        int position;
        if (count < 128)
        {
            destination[0] = (byte)count;
            position = 1;
        }
        else if (count < 0x7F00)
        {
            destination[0] = (byte)((count >> 8) + 128);
            destination[1] = (byte)count;
            position = 2;
        }
        else
        {
            destination[0] = 255;
            destination[1] = (byte)(count - 0x7F00);
            destination[2] = (byte)((count - 0x7F00) >> 8);
            position = 3;
        }
        if (count == 0)
        {
            return position;
        }
        destination[position++] = 0; // Predefined_Mode for literal lengths, offsets and match lengths.
        var writer = new BitWriter(destination[position..]);
        var last = sequences[^1];
        int llCode = LiteralLengthCode(last.LiteralLength);
        int mlCode = MatchLengthCode(last.MatchLength);
        int ofCode = BitOperations.Log2(last.OffsetValue);
        int llState = LiteralLengths.InitialState(llCode);
        int mlState = MatchLengths.InitialState(mlCode);
        int ofState = Offsets.InitialState(ofCode);
        AddExtraBits(ref writer, last, llCode, mlCode, ofCode);
        // The decoder reads sequences first to last, so they are written last to first.
        for (int i = count - 2; i >= 0; i--)
        {
            var sequence = sequences[i];
            llCode = LiteralLengthCode(sequence.LiteralLength);
            mlCode = MatchLengthCode(sequence.MatchLength);
            ofCode = BitOperations.Log2(sequence.OffsetValue);
            Offsets.Encode(ref writer, ref ofState, ofCode);
            MatchLengths.Encode(ref writer, ref mlState, mlCode);
            LiteralLengths.Encode(ref writer, ref llState, llCode);
            AddExtraBits(ref writer, sequence, llCode, mlCode, ofCode);
        }
        MatchLengths.Flush(ref writer, mlState);
        Offsets.Flush(ref writer, ofState);
        LiteralLengths.Flush(ref writer, llState);
        return position + writer.Close();
    }

    private static void AddExtraBits(ref BitWriter writer, Sequence sequence, int llCode, int mlCode, int ofCode)
    {
        writer.Add((ulong)(sequence.LiteralLength - SequenceCodes.LiteralLengthBase[llCode]), SequenceCodes.LiteralLengthBits[llCode]);
        writer.Add((ulong)(sequence.MatchLength - SequenceCodes.MatchLengthBase[mlCode]), SequenceCodes.MatchLengthBits[mlCode]);
        writer.Add(sequence.OffsetValue, ofCode);
    }

    private static int LiteralLengthCode(int length) =>
        length < 64 ? SmallLiteralLengthCodes[length] : BitOperations.Log2((uint)length) + 19;

    private static int MatchLengthCode(int length) =>
        length - 3 < 128 ? SmallMatchLengthCodes[length - 3] : BitOperations.Log2((uint)(length - 3)) + 36;

    /// <summary>Code of each length below <paramref name="count"/> + <paramref name="minimum"/>: the last code whose baseline it reaches.</summary>
    private static byte[] SmallCodes(ReadOnlySpan<int> baselines, int count, int minimum)
    {
        var codes = new byte[count];
        int code = 0;
        for (int value = 0; value < count; value++)
        {
            while (code + 1 < baselines.Length && baselines[code + 1] <= value + minimum)
            {
                code++;
            }
            codes[value] = (byte)code;
        }
        return codes;
    }
}
