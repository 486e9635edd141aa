using System.Text;
using Tessera.Formats.Csv;

namespace Tessera.Formats.Tests.Csv;

/// <summary>Reads CSV text into whole columns, for assertions.</summary>
public static class CsvText
{
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static (IReadOnlyList<CsvColumn> Columns, List<object?[]> Rows) Read(byte[] bytes, CsvReadOptions? options = null)
    {
        using CsvReader reader = CsvReader.Open(new MemoryStream(bytes), options);
        var rows = new List<object?[]>();
        foreach (CsvBatch batch in reader.ReadBatches())
        {
            for (int row = 0; row < batch.RowCount; row++)
                rows.Add([.. Enumerable.Range(0, batch.Columns.Count).Select(column => Value(batch, column, row))]);
        }
        return (reader.Columns, rows);
    }

    public static (IReadOnlyList<CsvColumn> Columns, List<object?[]> Rows) Read(string text, CsvReadOptions? options = null) =>
        Read(Utf8(text), options);

    public static object? Value(CsvBatch batch, int column, int row) =>
        batch.IsNull(column, row) ? null : batch.Columns[column].Type switch
        {
            CsvColumnType.Int64 => batch.GetInt64(column)[row],
            CsvColumnType.Float64 => batch.GetFloat64(column)[row],
            _ => batch.GetStrings(column)[row],
        };

    public static byte[] Write(IReadOnlyList<CsvColumn> columns, IEnumerable<object?[]> rows, string newLine = "\r\n")
    {
        var stream = new MemoryStream();
        using (var writer = new CsvWriter(stream, columns, new CsvWriteOptions { NewLine = newLine }, leaveOpen: true))
        {
            foreach (object?[] row in rows)
            {
                foreach (object? value in row)
                {
                    switch (value)
                    {
                        case null: writer.WriteNull(); break;
                        case long l: writer.WriteInt64(l); break;
                        case double d: writer.WriteFloat64(d); break;
                        default: writer.WriteString((string)value); break;
                    }
                }
                writer.EndRow();
            }
        }
        return stream.ToArray();
    }
}
