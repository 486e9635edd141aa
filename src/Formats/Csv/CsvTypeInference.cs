namespace Tessera.Formats.Csv;

/// <summary>
/// Narrowest type whose syntax every non-empty field of a column has: int64 if all are integers, float64 if all are
/// numbers, otherwise string. A column with no values at all is string. Empty fields are nulls and say nothing. A
/// field beyond the range of the type found is refused when it is read (with its line), not silently widened or
/// rounded: an integer past int64 does not turn the column into float64.
/// </summary>
internal sealed class CsvTypeInference
{
    private bool sawValue;
    private CsvColumnType narrowest = CsvColumnType.Int64;

    public CsvColumnType Result => this.sawValue ? this.narrowest : CsvColumnType.String;

    public void Observe(ReadOnlySpan<char> field)
    {
        if (field.IsEmpty)
            return;
        this.sawValue = true;
        if (this.narrowest == CsvColumnType.Int64 && CsvNumbers.ParseInt64(field, out _) == CsvNumber.NotANumber)
            this.narrowest = CsvColumnType.Float64;
        if (this.narrowest == CsvColumnType.Float64 && CsvNumbers.ParseFloat64(field, out _) == CsvNumber.NotANumber)
            this.narrowest = CsvColumnType.String;
    }
}
