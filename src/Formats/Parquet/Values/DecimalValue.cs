using System.Globalization;
using System.Numerics;

namespace Tessera.Formats.Parquet.Values;

/// <summary>An exact DECIMAL: unscaled integer and scale (value = Unscaled × 10^-Scale), any precision.</summary>
public readonly record struct DecimalValue(BigInteger Unscaled, int Scale)
{
    /// <summary>Converts to <see cref="decimal"/>; throws <see cref="OverflowException"/> beyond its 28-digit range.</summary>
    public decimal ToDecimal() => decimal.Parse(ToString(), NumberStyles.Number, CultureInfo.InvariantCulture);

    /// <summary>Plain notation with exactly <see cref="Scale"/> fractional digits, e.g. "-12.30".</summary>
    public override string ToString()
    {
        string digits = BigInteger.Abs(Unscaled).ToString(CultureInfo.InvariantCulture);
        string sign = Unscaled.Sign < 0 ? "-" : "";
        if (Scale <= 0)
        {
            return sign + digits + new string('0', -Scale);
        }
        digits = digits.PadLeft(Scale + 1, '0');
        return sign + digits[..^Scale] + "." + digits[^Scale..];
    }
}
