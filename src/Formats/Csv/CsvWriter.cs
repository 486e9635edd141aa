using System.Buffers;
using System.Globalization;
using System.Text;

namespace Tessera.Formats.Csv;

/// <summary>
/// Writes a CSV table (RFC 4180, UTF-8 without BOM): the header row on construction, then rows field by field or
/// whole batches. Values read back exactly with <see cref="CsvReader"/>: int64 in decimal, float64 in the shortest
/// round-trip form (".0" added to integral values, so the column stays float64), strings quoted when they hold a
/// comma, quote or line break, or are empty (an empty unquoted field is null).
/// A string column whose values all look like numbers reads back as a number column unless its type is forced.
/// </summary>
public sealed class CsvWriter : IDisposable
{
    private static readonly SearchValues<char> NeedsQuoting = SearchValues.Create(",\"\r\n");

    private readonly TextWriter writer;
    private readonly string newLine;
    private int column;

    public CsvWriter(Stream stream, IReadOnlyList<CsvColumn> columns, CsvWriteOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
            throw new ArgumentException("A CSV table needs at least one column.", nameof(columns));
        this.writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen);
        this.newLine = (options ?? new CsvWriteOptions()).NewLine;
        Columns = columns;
        for (int i = 0; i < columns.Count; i++)
        {
            if (i > 0)
                this.writer.Write(',');
            // A lone empty name unquoted would be a blank line, which readers skip.
            WriteText(columns[i].Name, quoteEmpty: columns.Count == 1);
        }
        this.column = columns.Count;
        EndRow();
    }

    public IReadOnlyList<CsvColumn> Columns { get; }

    public void WriteInt64(long value)
    {
        Expect(CsvColumnType.Int64);
        this.writer.Write(value.ToString(CultureInfo.InvariantCulture));
    }

    public void WriteFloat64(double value)
    {
        Expect(CsvColumnType.Float64);
        this.writer.Write(CsvNumbers.FormatFloat64(value));
    }

    /// <summary>Writes a string field; null writes a null (an empty unquoted field).</summary>
    public void WriteString(string? value)
    {
        Expect(CsvColumnType.String);
        if (value is not null)
            WriteText(value, quoteEmpty: true);
    }

    /// <summary>Writes a null of any column type: an empty unquoted field (in a one-column table, a blank line).</summary>
    public void WriteNull() => Separate();

    /// <summary>Ends the current row; every column must have been written.</summary>
    public void EndRow()
    {
        if (this.column != Columns.Count)
            throw new InvalidOperationException($"The row has {this.column} of {Columns.Count} fields.");
        this.writer.Write(this.newLine);
        this.column = 0;
    }

    public void WriteBatch(CsvBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!batch.Columns.SequenceEqual(Columns))
            throw new ArgumentException("The batch's columns differ from the writer's.", nameof(batch));
        for (int row = 0; row < batch.RowCount; row++)
        {
            for (int c = 0; c < Columns.Count; c++)
            {
                if (batch.IsNull(c, row))
                    WriteNull();
                else if (Columns[c].Type == CsvColumnType.Int64)
                    WriteInt64(batch.GetInt64(c)[row]);
                else if (Columns[c].Type == CsvColumnType.Float64)
                    WriteFloat64(batch.GetFloat64(c)[row]);
                else
                    WriteString(batch.GetStrings(c)[row]);
            }
            EndRow();
        }
    }

    public void Flush() => this.writer.Flush();

    public void Dispose() => this.writer.Dispose();

    private void Expect(CsvColumnType type)
    {
        if (this.column < Columns.Count && Columns[this.column].Type != type)
            throw new InvalidOperationException($"Column '{Columns[this.column].Name}' is {Columns[this.column].Type}; cannot write {type} into it.");
        Separate();
    }

    private void Separate()
    {
        if (this.column == Columns.Count)
            throw new InvalidOperationException($"The row already has its {Columns.Count} fields; call EndRow.");
        if (this.column++ > 0)
            this.writer.Write(',');
    }

    private void WriteText(string value, bool quoteEmpty)
    {
        if (value.AsSpan().ContainsAny(NeedsQuoting) || (quoteEmpty && value.Length == 0))
        {
            this.writer.Write('"');
            this.writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
            this.writer.Write('"');
        }
        else
        {
            this.writer.Write(value);
        }
    }
}
