namespace Tessera.Formats.Csv;

/// <summary>Converts the fields of one record into a batch row, by column type.</summary>
internal static class CsvFieldParser
{
    public static void Store(CsvRecordReader records, CsvBatch batch, int row)
    {
        for (int column = 0; column < batch.Columns.Count; column++)
        {
            ReadOnlySpan<char> field = records.Field(column);
            CsvColumn spec = batch.Columns[column];
            if (field.IsEmpty && (spec.Type != CsvColumnType.String || !records.IsQuoted(column)))
            {
                batch.SetNull(column, row);
                continue;
            }
            switch (spec.Type)
            {
                case CsvColumnType.Int64:
                    var integerRead = CsvNumbers.ParseInt64(field, out long integer);
                    ((long[])batch.Values(column))[row] = integerRead == CsvNumber.Parsed ? integer : throw Refused(records, column, spec, field, integerRead, integer);
                    break;
                case CsvColumnType.Float64:
                    var numberRead = CsvNumbers.ParseFloat64(field, out double number);
                    ((double[])batch.Values(column))[row] = numberRead == CsvNumber.Parsed ? number : throw Refused(records, column, spec, field, numberRead, number);
                    break;
                default:
                    ((string?[])batch.Values(column))[row] = field.ToString();
                    break;
            }
        }
    }

    /// <summary>A field that is not a number of its column's type, or one beyond that type's range (read as <paramref name="value"/>), with the way out.</summary>
    private static CsvFormatException Refused(CsvRecordReader records, int column, CsvColumn spec, ReadOnlySpan<char> field, CsvNumber read, double value)
    {
        string shown = field.Length <= 40 ? $"'{field}'" : $"'{field[..40]}…'";
        string problem = (spec.Type, read) switch
        {
            (CsvColumnType.Int64, CsvNumber.OutOfRange) =>
                $"an integer beyond the range of int64 ({long.MinValue} to {long.MaxValue}); import the column as text (--types {spec.Name}=str) to keep it as written, or as float64 (--types {spec.Name}=float64), which rounds it",
            (_, CsvNumber.OutOfRange) =>
                $"a number beyond the range of float64 (its magnitude would become {(value == 0 ? "0" : "infinity")}); import the column as text (--types {spec.Name}=str) to keep it as written",
            (CsvColumnType.Int64, _) => $"not an integer; the column is {spec.Type} (force another type with --types {spec.Name}=str|int64|float64)",
            _ => $"not a number (decimal, or nan/inf); the column is {spec.Type} (force another type with --types {spec.Name}=str|int64|float64)",
        };
        return new CsvFormatException($"{shown} in column '{spec.Name}' is {problem}", records.RecordLine, column + 1);
    }
}
