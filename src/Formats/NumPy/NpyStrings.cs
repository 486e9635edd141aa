using System.Buffers.Binary;
using System.Text;

namespace Tessera.Formats.NumPy;

/// <summary>
/// Converts between .NET strings and numpy's fixed-width string items: <c>U</c> items are UTF-32 code points and
/// <c>S</c> items raw bytes, both padded with NULs that numpy strips on access (so trailing NULs do not survive, as in numpy).
/// </summary>
internal static class NpyStrings
{
    private static readonly UTF32Encoding StrictUtf32 = new(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true);

    public static string DecodeUnicode(ReadOnlySpan<byte> item)
    {
        int codePoints = item.Length / 4;
        while (codePoints > 0 && BinaryPrimitives.ReadUInt32LittleEndian(item[((codePoints - 1) * 4)..]) == 0)
            codePoints--;
        try
        {
            return StrictUtf32.GetString(item[..(codePoints * 4)]);
        }
        catch (DecoderFallbackException e)
        {
            throw new NpyFormatException("A U string item holds a value that is not a Unicode code point.", e);
        }
    }

    /// <summary>Returns the item's bytes without the NUL padding.</summary>
    public static ReadOnlySpan<byte> TrimBytes(ReadOnlySpan<byte> item) => item[..(item.LastIndexOfAnyExcept((byte)0) + 1)];

    public static int CodePointCount(string value) => StrictUtf32.GetByteCount(value) / 4;

    public static void EncodeUnicode(string value, Span<byte> item)
    {
        int written = StrictUtf32.GetBytes(value, item);
        item[written..].Clear();
    }
}
