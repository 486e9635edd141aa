namespace Tessera.Formats.Csv;

/// <summary>
/// Reads a CSV table with a header row in batches of rows, in bounded memory. Column types come from
/// <see cref="CsvReadOptions.ColumnTypes"/> or are inferred by a first pass over the data, which needs a seekable stream.
/// An empty unquoted field is null; a quoted empty field is the empty string in a string column.
/// Blank lines are skipped, except in a one-column table where a blank line is a null.
/// </summary>
public sealed class CsvReader : IDisposable
{
    private readonly CsvRecordReader records;
    private readonly CsvReadOptions options;
    private readonly Stream? ownedStream;

    private CsvReader(CsvRecordReader records, IReadOnlyList<CsvColumn> columns, CsvReadOptions options, Stream? ownedStream)
    {
        this.records = records;
        Columns = columns;
        this.options = options;
        this.ownedStream = ownedStream;
    }

    public IReadOnlyList<CsvColumn> Columns { get; }

    public static CsvReader Open(Stream stream, CsvReadOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new CsvReadOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchRows);
        long start = stream.CanSeek ? stream.Position : 0;
        IReadOnlyList<CsvColumn>? inferred = null;
        var records = new CsvRecordReader(stream, options.MaxRecordLength, leaveOpen: true);
        try
        {
            string[] names = ReadHeader(records, options);
            if (!names.All(options.ColumnTypes.ContainsKey))
            {
                if (!stream.CanSeek)
                    throw new ArgumentException("Inferring column types reads the data twice and needs a seekable stream; force every column's type with CsvReadOptions.ColumnTypes to read a forward-only stream.", nameof(stream));
                inferred = Infer(records, names, options);
                records.Dispose();
                stream.Position = start;
                records = new CsvRecordReader(stream, options.MaxRecordLength, leaveOpen: true);
                ReadHeader(records, options);
            }
            var columns = inferred ?? [.. names.Select(name => new CsvColumn(name, options.ColumnTypes[name]))];
            return new CsvReader(records, columns, options, leaveOpen ? null : stream);
        }
        catch
        {
            records.Dispose();
            if (!leaveOpen)
                stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads the whole table once and returns the column types the reader would infer.</summary>
    public static IReadOnlyList<CsvColumn> InferColumns(Stream stream, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new CsvReadOptions();
        using var records = new CsvRecordReader(stream, options.MaxRecordLength, leaveOpen: true);
        return Infer(records, ReadHeader(records, options), options);
    }

    /// <summary>The column names of the header row (reads that row only).</summary>
    public static IReadOnlyList<string> ReadColumnNames(Stream stream, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new CsvReadOptions();
        using var records = new CsvRecordReader(stream, options.MaxRecordLength, leaveOpen: true);
        return ReadHeader(records, options with { ColumnTypes = new Dictionary<string, CsvColumnType>() });
    }

    /// <summary>The next batch of up to <see cref="CsvReadOptions.BatchRows"/> rows, or null at the end.</summary>
    public CsvBatch? ReadBatch()
    {
        var batch = new CsvBatch(Columns, this.options.BatchRows);
        while (batch.RowCount < batch.Capacity && NextRow())
        {
            if (batch.RowCount == 0)
                batch.FirstLine = this.records.RecordLine;
            CsvFieldParser.Store(this.records, batch, batch.RowCount);
            batch.AddRow();
        }
        return batch.RowCount == 0 ? null : batch;
    }

    public IEnumerable<CsvBatch> ReadBatches()
    {
        while (ReadBatch() is { } batch)
            yield return batch;
    }

    public void Dispose()
    {
        this.records.Dispose();
        this.ownedStream?.Dispose();
    }

    private bool NextRow() => NextRow(this.records, Columns.Count);

    private static bool NextRow(CsvRecordReader records, int columnCount)
    {
        while (records.ReadRecord())
        {
            if (records.IsBlankLine && columnCount > 1)
                continue;
            if (records.FieldCount != columnCount)
                throw new CsvFormatException($"expected {columnCount} fields as in the header, found {records.FieldCount}", records.RecordLine, Math.Min(records.FieldCount, columnCount) + 1);
            return true;
        }
        return false;
    }

    private static string[] ReadHeader(CsvRecordReader records, CsvReadOptions options)
    {
        if (!records.ReadRecord())
            throw new CsvFormatException("the input is empty; the first line must be a header row of column names", 1, 1);
        var names = new string[records.FieldCount];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = records.Field(i).ToString();
            if (!seen.Add(names[i]))
                throw new CsvFormatException($"the header names column '{names[i]}' twice", records.RecordLine, i + 1);
        }
        foreach (string forced in options.ColumnTypes.Keys)
        {
            if (!seen.Contains(forced))
                throw new ArgumentException($"CsvReadOptions.ColumnTypes names '{forced}', which is not in the header ({string.Join(", ", names)}).", nameof(options));
        }
        return names;
    }

    private static CsvColumn[] Infer(CsvRecordReader records, string[] names, CsvReadOptions options)
    {
        var inference = names.Select(_ => new CsvTypeInference()).ToArray();
        while (NextRow(records, names.Length))
        {
            for (int i = 0; i < names.Length; i++)
                inference[i].Observe(records.Field(i));
        }
        return [.. names.Select((name, i) => new CsvColumn(name, options.ColumnTypes.TryGetValue(name, out var type) ? type : inference[i].Result))];
    }
}
