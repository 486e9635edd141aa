using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;

namespace Tessera;

/// <summary>
/// Reads single elements of an ndarray sample as invariant text (round-trip precision), so the
/// CLI's text output and the JSON output show the same numbers.
/// </summary>
public static class SampleElements
{
    /// <summary>The element at <paramref name="index"/>: <c>42</c>, <c>0.1</c>, <c>NaN</c>, <c>true</c>, <c>1+2j</c>.</summary>
    public static string Format(DType dtype, ReadOnlySpan<byte> bytes, long index)
    {
        int size = dtype.ItemSize();
        var e = bytes.Slice(checked((int)(index * size)), size);
        var c = CultureInfo.InvariantCulture;
        return dtype switch
        {
            DType.Bool => e[0] != 0 ? "true" : "false",
            DType.Int8 => ((sbyte)e[0]).ToString(c),
            DType.UInt8 => e[0].ToString(c),
            DType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(e).ToString(c),
            DType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(e).ToString(c),
            DType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(e).ToString(c),
            DType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(e).ToString(c),
            DType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(e).ToString(c),
            DType.UInt64 => BinaryPrimitives.ReadUInt64LittleEndian(e).ToString(c),
            DType.Float16 => BinaryPrimitives.ReadHalfLittleEndian(e).ToString("R", c),
            DType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(e).ToString("R", c),
            DType.Float64 => BinaryPrimitives.ReadDoubleLittleEndian(e).ToString("R", c),
            DType.Complex64 => Complex(BinaryPrimitives.ReadSingleLittleEndian(e).ToString("R", c), BinaryPrimitives.ReadSingleLittleEndian(e[4..]).ToString("R", c)),
            _ => Complex(BinaryPrimitives.ReadDoubleLittleEndian(e).ToString("R", c), BinaryPrimitives.ReadDoubleLittleEndian(e[8..]).ToString("R", c)),
        };
    }

    /// <summary>One element as JSON: a number, a boolean, or a string for NaN, infinities and complex values.</summary>
    public static void WriteJson(Utf8JsonWriter w, DType dtype, ReadOnlySpan<byte> bytes, long index)
    {
        string text = Format(dtype, bytes, index);
        if (dtype == DType.Bool)
            w.WriteBooleanValue(text == "true");
        else if (IsJsonNumber(dtype, text))
            w.WriteRawValue(text, skipInputValidation: true);
        else
            w.WriteStringValue(text);
    }

    /// <summary>True when <see cref="Format"/>'s text is a JSON number (finite, not bool or complex).</summary>
    private static bool IsJsonNumber(DType dtype, string text) =>
        dtype is not (DType.Bool or DType.Complex64 or DType.Complex128) && (char.IsAsciiDigit(text[0]) || text[0] == '-' && text.Length > 1 && char.IsAsciiDigit(text[1]));

    private static string Complex(string real, string imaginary) =>
        imaginary.StartsWith('-') ? $"{real}{imaginary}j" : $"{real}+{imaginary}j";
}
