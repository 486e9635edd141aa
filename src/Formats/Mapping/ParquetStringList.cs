using System.Buffers.Binary;
using System.Text.Unicode;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Mapping;

/// <summary>
/// A list of strings (LIST of STRING) as one bytes sample: its strings as Parquet's PLAIN encoding
/// stores them, each a 4-byte little-endian length and its UTF-8 bytes. Exact, and it keeps an empty
/// list (no bytes) apart from a null one (no sample); the column's <c>parquet</c> attribute says
/// <c>{"logicalType": "LIST"}</c>, so export writes the LIST of STRING back.
/// </summary>
internal static class ParquetStringList
{
    public const string LogicalType = "LIST";

    /// <summary>One sample per row of <paramref name="rows"/>: the row's strings, encoded.</summary>
    public static BinaryValues Encode(BinaryValues strings, ParquetRowLayout layout, List<int> rows, Func<int, string> where)
    {
        var samples = new BinaryValues(rows.Count, strings.ByteLength + (4 * strings.Count));
        foreach (int row in rows)
        {
            int first = layout.ValueStarts[row], count = layout.ShapeOf(row)[0];
            int length = 0;
            for (int i = first; i < first + count; i++)
            {
                if (!Utf8.IsValid(strings[i]))
                    throw new InvalidFileException($"{where(row)} holds a string that is not valid UTF-8. Fix the text, or leave the column out (--columns).");
                length += 4 + strings[i].Length;
            }
            var sample = samples.Reserve(length);
            for (int i = first; i < first + count; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(sample, strings[i].Length);
                strings[i].CopyTo(sample[4..]);
                sample = sample[(4 + strings[i].Length)..];
            }
        }
        return samples;
    }

    /// <summary>Appends a sample's strings to <paramref name="strings"/>; returns how many.</summary>
    public static int Decode(ReadOnlySpan<byte> sample, BinaryValues strings, string path)
    {
        int count = 0;
        while (!sample.IsEmpty)
        {
            int length = sample.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(sample) : -1;
            if (length < 0 || length > sample.Length - 4)
            {
                throw new InvalidInputException(ErrorCode.InvalidArgument,
                    $"A sample of {path} is not a list of strings (4-byte lengths, each followed by its bytes), as its 'parquet' attribute says. Fix the sample, or remove the attribute to export plain bytes.");
            }
            strings.Add(sample.Slice(4, length));
            sample = sample[(4 + length)..];
            count++;
        }
        return count;
    }
}
