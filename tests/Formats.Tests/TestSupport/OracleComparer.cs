using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.Formats.Parquet.Values;
using TimeUnit = Tessera.Formats.Parquet.Metadata.TimeUnit;

namespace Tessera.Formats.Tests.TestSupport;

/// <summary>
/// Compares a value assembled by Tessera with the canonical JSON an oracle printed
/// (see tests/oracles/canonical.mjs). The expected value's tag decides the comparison,
/// so a timestamp is compared in the unit the oracle chose, floats bit for bit.
/// </summary>
public static class OracleComparer
{
    private const int UnixEpochDayNumber = 719_162;

    /// <summary>Throws with the path of the first difference.</summary>
    public static void AssertEqual(JsonNode? expected, object? actual, string path)
    {
        string? difference = Difference(expected, actual, path);
        if (difference is not null)
        {
            Assert.Fail(difference);
        }
    }

    private static string? Difference(JsonNode? expected, object? actual, string path)
    {
        if (expected is null)
        {
            return actual is null ? null : $"{path}: expected null, got {Describe(actual)}";
        }
        if (actual is null)
        {
            return $"{path}: expected {expected.ToJsonString()}, got null";
        }
        switch (expected)
        {
            case JsonArray array when actual is List<KeyValuePair<object?, object?>> map:
                if (array.Count != map.Count)
                {
                    return $"{path}: expected {array.Count} map entries, got {map.Count}";
                }
                for (int i = 0; i < map.Count; i++)
                {
                    var pair = array[i]!.AsArray();
                    var difference = Difference(pair[0], map[i].Key, $"{path}[{i}].key") ?? Difference(pair[1], map[i].Value, $"{path}[{i}].value");
                    if (difference is not null)
                    {
                        return difference;
                    }
                }
                return null;
            case JsonArray array when actual is List<object?> list:
                if (array.Count != list.Count)
                {
                    return $"{path}: expected {array.Count} list items, got {list.Count}";
                }
                for (int i = 0; i < list.Count; i++)
                {
                    var difference = Difference(array[i], list[i], $"{path}[{i}]");
                    if (difference is not null)
                    {
                        return difference;
                    }
                }
                return null;
            case JsonObject obj when actual is Dictionary<string, object?> fields:
                foreach (var (name, value) in obj)
                {
                    if (!fields.TryGetValue(name, out var field))
                    {
                        return $"{path}: field {name} is missing";
                    }
                    var difference = Difference(value, field, $"{path}.{name}");
                    if (difference is not null)
                    {
                        return difference;
                    }
                }
                return fields.Count == obj.Count ? null : $"{path}: expected {obj.Count} fields, got {fields.Count}";
            case JsonValue value when value.TryGetValue(out bool flag):
                return actual is bool b && b == flag ? null : $"{path}: expected {flag}, got {Describe(actual)}";
            case JsonValue value when value.TryGetValue(out string? text):
                string rendered = Render(text, actual);
                return rendered == text ? null : $"{path}: expected {text}, got {rendered}";
            default:
                return $"{path}: cannot compare {expected.ToJsonString()} with {Describe(actual)}";
        }
    }

    /// <summary>Renders <paramref name="actual"/> in the canonical form the expected tag names.</summary>
    private static string Render(string expected, object actual)
    {
        int colon = expected.IndexOf(':', StringComparison.Ordinal);
        string tag = colon < 0 ? "" : expected[..colon];
        return tag switch
        {
            "" => Convert.ToString(actual is DecimalValue d ? d.Unscaled : actual, CultureInfo.InvariantCulture) ?? "",
            "f" => "f:" + FloatBits(actual),
            "s" => "s:" + (actual is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(actual, CultureInfo.InvariantCulture)),
            "b" => "b:" + Convert.ToHexStringLower(actual as byte[] ?? Encoding.UTF8.GetBytes(actual.ToString()!)),
            "d" when actual is DecimalValue d => $"d:{d.Unscaled}/{d.Scale}",
            "date" when actual is DateOnly date => $"date:{date.DayNumber - UnixEpochDayNumber}",
            "time_us" when actual is TimeValue time => $"time_us:{ToUnit(time.Value, time.Unit, TimeUnit.Micros)}",
            "ts_s" or "ts_ms" or "ts_us" or "ts_ns" => tag + ":" + Timestamp(actual, tag),
            "uuid" when actual is Guid guid => "uuid:" + guid.ToString("D"),
            _ => $"<{Describe(actual)}>",
        };
    }

    private static string FloatBits(object actual)
    {
        double value = actual switch
        {
            float f => f,
            double d => d,
            Half h => (double)h,
            _ => double.NaN,
        };
        if (actual is not (float or double or Half))
        {
            return $"<{Describe(actual)}>";
        }
        return double.IsNaN(value) ? "NaN" : BitConverter.DoubleToUInt64Bits(value).ToString("x16", CultureInfo.InvariantCulture);
    }

    /// <summary>The instant as a count of the tag's unit, floored, computed exactly (no 64-bit overflow).</summary>
    private static string Timestamp(object actual, string tag)
    {
        BigInteger nanos;
        switch (actual)
        {
            case TimestampValue t:
                nanos = (BigInteger)t.Value * NanosPer(t.Unit);
                break;
            case Int96 i:
                nanos = tag == "ts_ns" ? i.ToUnixNanoseconds() : (BigInteger)i.ToUnixMicroseconds() * 1000;
                break;
            default:
                return $"<{Describe(actual)}>";
        }
        long divisor = tag switch { "ts_s" => 1_000_000_000, "ts_ms" => 1_000_000, "ts_us" => 1_000, _ => 1 };
        var quotient = BigInteger.DivRem(nanos, divisor, out var remainder);
        return (remainder < 0 ? quotient - 1 : quotient).ToString(CultureInfo.InvariantCulture);
    }

    private static long ToUnit(long value, TimeUnit from, TimeUnit to) =>
        (long)((BigInteger)value * NanosPer(from) / NanosPer(to));

    private static long NanosPer(TimeUnit unit) => unit switch
    {
        TimeUnit.Millis => 1_000_000,
        TimeUnit.Micros => 1_000,
        _ => 1,
    };

    private static string Describe(object? value) => value switch
    {
        null => "null",
        byte[] bytes => $"byte[{bytes.Length}] {Convert.ToHexStringLower(bytes)}",
        _ => $"{value.GetType().Name} {Convert.ToString(value, CultureInfo.InvariantCulture)}",
    };
}
