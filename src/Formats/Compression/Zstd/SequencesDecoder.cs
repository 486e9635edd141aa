namespace Tessera.Formats.Compression.Zstd;

/// <summary>
/// Decodes the sequences section of a compressed block and executes it (RFC 8878 §3.1.1.3.2,
/// §3.1.1.4, §3.1.1.5): each sequence copies literals, then a match from earlier output.
/// </summary>
internal static class SequencesDecoder
{
    private enum TableMode { Predefined = 0, Rle = 1, Compressed = 2, Repeat = 3 }

    public static void DecodeAndExecute(ReadOnlySpan<byte> section, ReadOnlySpan<byte> literals, FrameState state, OutputBuffer output)
    {
        int position = 0;
        int sequenceCount = ReadSequenceCount(section, ref position);
        if (sequenceCount == 0)
        {
            if (position != section.Length)
            {
                throw new InvalidDataException("ZSTD block has bytes after an empty sequences section.");
            }
            AppendLiterals(output, literals);
            return;
        }
        if (position >= section.Length)
        {
            throw new InvalidDataException("ZSTD sequences section lacks its compression modes.");
        }
        int modes = section[position++];
        if ((modes & 3) != 0)
        {
            throw new InvalidDataException("ZSTD sequence compression modes use reserved bits.");
        }
        state.LiteralLengths = ReadTable((TableMode)(modes >> 6), section, ref position, state.LiteralLengths,
            SequenceCodes.DefaultLiteralLengthTable, SequenceCodes.MaxLiteralLengthSymbol, SequenceCodes.MaxLiteralLengthLog);
        state.Offsets = ReadTable((TableMode)((modes >> 4) & 3), section, ref position, state.Offsets,
            SequenceCodes.DefaultOffsetTable, SequenceCodes.MaxOffsetSymbol, SequenceCodes.MaxOffsetLog);
        state.MatchLengths = ReadTable((TableMode)((modes >> 2) & 3), section, ref position, state.MatchLengths,
            SequenceCodes.DefaultMatchLengthTable, SequenceCodes.MaxMatchLengthSymbol, SequenceCodes.MaxMatchLengthLog);
        Execute(section[position..], sequenceCount, literals, state, output);
    }

    private static void Execute(ReadOnlySpan<byte> stream, int sequenceCount, ReadOnlySpan<byte> literals, FrameState state, OutputBuffer output)
    {
        var ll = state.LiteralLengths!;
        var of = state.Offsets!;
        var ml = state.MatchLengths!;
        int[] rep = state.RepeatOffsets;
        var bits = new BackwardBitReader(stream);
        int llState = (int)bits.Read(ll.AccuracyLog);
        int ofState = (int)bits.Read(of.AccuracyLog);
        int mlState = (int)bits.Read(ml.AccuracyLog);
        int literalPosition = 0;
        for (int i = 0; i < sequenceCount; i++)
        {
            int offsetCode = of.Symbols[ofState];
            int matchCode = ml.Symbols[mlState];
            int literalCode = ll.Symbols[llState];
            long offsetValue = (1L << offsetCode) + (long)bits.Read(offsetCode);
            int matchLength = SequenceCodes.MatchLengthBase[matchCode] + (int)bits.Read(SequenceCodes.MatchLengthBits[matchCode]);
            int literalLength = SequenceCodes.LiteralLengthBase[literalCode] + (int)bits.Read(SequenceCodes.LiteralLengthBits[literalCode]);
            long offset = ResolveOffset(offsetValue, literalLength, rep);
            if (i != sequenceCount - 1)
            {
                llState = ll.BaseStates[llState] + (int)bits.Read(ll.NumBits[llState]);
                mlState = ml.BaseStates[mlState] + (int)bits.Read(ml.NumBits[mlState]);
                ofState = of.BaseStates[ofState] + (int)bits.Read(of.NumBits[ofState]);
            }
            if (bits.BitsRemaining < 0)
            {
                throw new InvalidDataException("ZSTD sequences bitstream is truncated.");
            }
            if (literalLength > literals.Length - literalPosition)
            {
                throw new InvalidDataException("ZSTD sequence uses more literals than the block holds.");
            }
            AppendLiterals(output, literals.Slice(literalPosition, literalLength));
            literalPosition += literalLength;
            if (offset > output.Length)
            {
                throw new InvalidDataException($"ZSTD match offset {offset} points before the start of the output.");
            }
            output.EnsureRoom(matchLength);
            Lz4BlockDecoder.CopyMatch(output.Buffer, output.Length, (int)offset, matchLength);
            output.Length += matchLength;
        }
        if (bits.BitsRemaining != 0)
        {
            throw new InvalidDataException("ZSTD sequences bitstream has unread bits.");
        }
        AppendLiterals(output, literals[literalPosition..]);
    }

    /// <summary>Turns an offset value into an offset, maintaining the three repeat offsets.</summary>
    private static long ResolveOffset(long offsetValue, int literalLength, int[] rep)
    {
        if (offsetValue > 3)
        {
            long offset = offsetValue - 3;
            rep[2] = rep[1];
            rep[1] = rep[0];
            rep[0] = (int)Math.Min(offset, int.MaxValue);
            return offset;
        }
        int index = (int)offsetValue - 1 + (literalLength == 0 ? 1 : 0);
        if (index == 0)
        {
            return rep[0];
        }
        int chosen = index == 3 ? rep[0] - 1 : rep[index];
        if (chosen <= 0)
        {
            throw new InvalidDataException("ZSTD repeat offset resolves to zero.");
        }
        if (index != 1)
        {
            rep[2] = rep[1];
        }
        rep[1] = rep[0];
        rep[0] = chosen;
        return chosen;
    }

    private static void AppendLiterals(OutputBuffer output, ReadOnlySpan<byte> literals)
    {
        output.EnsureRoom(literals.Length);
        literals.CopyTo(output.Buffer.AsSpan(output.Length));
        output.Length += literals.Length;
    }

    private static int ReadSequenceCount(ReadOnlySpan<byte> section, ref int position)
    {
        if (section.IsEmpty)
        {
            throw new InvalidDataException("ZSTD block lacks its sequences section.");
        }
        int first = section[position++];
        if (first < 128)
        {
            return first;
        }
        if (first < 255)
        {
            RequireLength(section, 2);
            return ((first - 128) << 8) + section[position++];
        }
        RequireLength(section, 3);
        int count = section[position] + (section[position + 1] << 8) + 0x7F00;
        position += 2;
        return count;
    }

    private static FseTable ReadTable(TableMode mode, ReadOnlySpan<byte> section, ref int position, FseTable? previous,
        FseTable predefined, int maxSymbol, int maxLog)
    {
        switch (mode)
        {
            case TableMode.Predefined:
                return predefined;
            case TableMode.Rle:
                RequireLength(section, position + 1);
                byte symbol = section[position++];
                if (symbol > maxSymbol)
                {
                    throw new InvalidDataException($"ZSTD RLE sequence symbol {symbol} is out of range.");
                }
                return FseTable.Rle(symbol);
            case TableMode.Compressed:
                var table = FseTable.Read(section[position..], maxSymbol, maxLog, out int length);
                position += length;
                return table;
            default:
                return previous ?? throw new InvalidDataException("ZSTD block repeats a sequence table that was never defined.");
        }
    }

    private static void RequireLength(ReadOnlySpan<byte> section, int length)
    {
        if (section.Length < length)
        {
            throw new InvalidDataException("ZSTD sequences section is truncated.");
        }
    }
}
