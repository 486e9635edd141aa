namespace Tessera.Formats.Csv;

/// <summary>
/// Narrowest type that holds every non-empty field of a column: int64 if all are integers in range, float64 if all
/// are numbers, otherwise string. A column with no values at all is string. Empty fields are nulls and say nothing.
/// </summary>
internal sealed class CsvTypeInference
{
    private bool sawValue;
    private CsvColumnType narrowest = CsvColumnType.Int64;

    public CsvColumnType Result => sawValue ? narrowest : CsvColumnType.String;

    public void Observe(ReadOnlySpan<char> field)
    {
        if (field.IsEmpty)
            return;
        sawValue = true;
        if (narrowest == CsvColumnType.Int64 && !CsvNumbers.TryParseInt64(field, out _))
            narrowest = CsvColumnType.Float64;
        if (narrowest == CsvColumnType.Float64 && !CsvNumbers.TryParseFloat64(field, out _))
            narrowest = CsvColumnType.String;
    }
}
