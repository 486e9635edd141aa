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
                    ((long[])batch.Values(column))[row] = CsvNumbers.TryParseInt64(field, out long integer)
                        ? integer
                        : throw Mismatch(records, column, spec, field, "an integer in the range of int64");
                    break;
                case CsvColumnType.Float64:
                    ((double[])batch.Values(column))[row] = CsvNumbers.TryParseFloat64(field, out double number)
                        ? number
                        : throw Mismatch(records, column, spec, field, "a number (decimal, or nan/inf)");
                    break;
                default:
                    ((string?[])batch.Values(column))[row] = field.ToString();
                    break;
            }
        }
    }

    private static CsvFormatException Mismatch(CsvRecordReader records, int column, CsvColumn spec, ReadOnlySpan<char> field, string expected)
    {
        string shown = field.Length <= 40 ? field.ToString() : string.Concat(field[..40], "…");
        return new CsvFormatException(
            $"'{shown}' in column '{spec.Name}' is not {expected}; the column is {spec.Type} (force another type with CsvReadOptions.ColumnTypes)",
            records.RecordLine, column + 1);
    }
}
