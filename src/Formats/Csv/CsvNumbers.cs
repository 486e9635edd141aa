using System.Globalization;

namespace Tessera.Formats.Csv;

/// <summary>
/// The number syntax of CSV fields: integers are an optional sign and digits; floats are decimal with optional
/// fraction and exponent, or nan/inf/infinity in any case with an optional sign (what numpy, pandas and Python print).
/// No whitespace, thousands separators or culture-specific forms.
/// </summary>
internal static class CsvNumbers
{
    private const NumberStyles FloatStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    public static bool TryParseInt64(ReadOnlySpan<char> text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool TryParseFloat64(ReadOnlySpan<char> text, out double value)
    {
        ReadOnlySpan<char> unsigned = text.Length > 0 && text[0] is '+' or '-' ? text[1..] : text;
        bool negative = text.Length > 0 && text[0] == '-';
        if (unsigned.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }
        if (unsigned.Equals("inf", StringComparison.OrdinalIgnoreCase) || unsigned.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        // Only digits, signs, '.' and exponents get to .NET's parser, which would also take other spellings.
        if (unsigned.IsEmpty || unsigned.ContainsAnyExcept("0123456789.eE+-"))
        {
            value = 0;
            return false;
        }
        return double.TryParse(text, FloatStyle, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Shortest text that parses back to the same double. Integral values get ".0" so that a float column is
    /// not inferred as int64 on the way back (and -0.0 keeps its sign).
    /// </summary>
    public static string FormatFloat64(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.AsSpan().ContainsAnyExcept("-0123456789") ? text : text + ".0";
    }
}
