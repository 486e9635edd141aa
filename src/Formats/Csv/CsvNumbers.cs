using System.Globalization;

namespace Tessera.Formats.Csv;

/// <summary>What a field gives when read as a number.</summary>
internal enum CsvNumber
{
    Parsed,

    /// <summary>Not written as a number of that type.</summary>
    NotANumber,

    /// <summary>Written as one, but its value is beyond the type: stored, it would be another number.</summary>
    OutOfRange,
}

/// <summary>
/// The number syntax of CSV fields: integers are an optional sign and digits; floats are decimal with optional
/// fraction and exponent, or nan/inf/infinity in any case with an optional sign (what numpy, pandas and Python print).
/// No whitespace, thousands separators or culture-specific forms. A number beyond its type (an integer past int64, a
/// decimal whose magnitude overflows float64 to infinity or underflows it to zero) is out of range, never rounded to
/// another value.
/// </summary>
internal static class CsvNumbers
{
    private const NumberStyles FloatStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    public static CsvNumber ParseInt64(ReadOnlySpan<char> text, out long value)
    {
        ReadOnlySpan<char> digits = text.Length > 0 && text[0] is '+' or '-' ? text[1..] : text;
        if (digits.IsEmpty || !AllDigits(digits))
        {
            value = 0;
            return CsvNumber.NotANumber;
        }
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) ? CsvNumber.Parsed : CsvNumber.OutOfRange;
    }

    public static CsvNumber ParseFloat64(ReadOnlySpan<char> text, out double value)
    {
        ReadOnlySpan<char> unsigned = text.Length > 0 && text[0] is '+' or '-' ? text[1..] : text;
        bool negative = text.Length > 0 && text[0] == '-';
        if (unsigned.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return CsvNumber.Parsed;
        }
        if (unsigned.Equals("inf", StringComparison.OrdinalIgnoreCase) || unsigned.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return CsvNumber.Parsed;
        }
        // Only digits, signs, '.' and exponents get to .NET's parser, which would also take other spellings.
        if (unsigned.IsEmpty || unsigned.ContainsAnyExcept("0123456789.eE+-") || !double.TryParse(text, FloatStyle, CultureInfo.InvariantCulture, out value))
        {
            value = 0;
            return CsvNumber.NotANumber;
        }
        // .NET rounds a magnitude past double's range to infinity, and one below its smallest subnormal to zero.
        int exponent = unsigned.IndexOfAny('e', 'E');
        bool nonzero = (exponent < 0 ? unsigned : unsigned[..exponent]).ContainsAny("123456789");
        return double.IsInfinity(value) || (value == 0 && nonzero) ? CsvNumber.OutOfRange : CsvNumber.Parsed;
    }

    /// <summary>A plain loop: this runs per field, and <c>ContainsAnyExceptInRange</c> allocates on every call for chars (measured on .NET 10).</summary>
    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
                return false;
        }
        return true;
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
