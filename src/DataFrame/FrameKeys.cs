using Microsoft.Data.Analysis;

namespace Tessera.DataFrames;

/// <summary>Sample keys from a DataFrame column: integers ≥ 0 or strings, one per row, none missing, none twice.</summary>
internal static class FrameKeys
{
    public static SampleKey[] Of(DataFrameColumn column)
    {
        bool text = column.DataType == typeof(string);
        if (!text && !IsInteger(column.DataType))
            throw new InvalidInputException(ErrorCode.InvalidKey, $"Key column '{column.Name}' holds {column.DataType.Name} values; keys come from an integer or string column. Pick another (Key), or none for row numbers.");
        var keys = new SampleKey[column.Length];
        var rows = new Dictionary<SampleKey, long>();
        for (long row = 0; row < keys.Length; row++)
        {
            var value = column[row] ?? throw new InvalidInputException(ErrorCode.InvalidKey, $"Row {row} of key column '{column.Name}' is null; every row needs a key. Drop the row (DropNulls) or give it a key.");
            SampleKey key;
            try
            {
                key = text ? SampleKey.Of((string)value) : SampleKey.Of(ToInt64(value));
            }
            catch (InvalidInputException e)
            {
                throw new InvalidInputException(ErrorCode.InvalidKey, $"Row {row} of key column '{column.Name}': {e.Message}");
            }
            if (!rows.TryAdd(key, row))
                throw new InvalidInputException(ErrorCode.InvalidKey, $"Key {key} is in rows {rows[key]} and {row} of key column '{column.Name}'; a key names one sample. Make the keys unique.");
            keys[row] = key;
        }
        return keys;
    }

    private static bool IsInteger(Type type) =>
        type == typeof(sbyte) || type == typeof(short) || type == typeof(int) || type == typeof(long)
        || type == typeof(byte) || type == typeof(ushort) || type == typeof(uint) || type == typeof(ulong);

    private static long ToInt64(object value) => value is ulong big && big > long.MaxValue
        ? throw new InvalidInputException(ErrorCode.InvalidKey, $"Key {big} is larger than the largest integer key, {long.MaxValue}.")
        : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
}
