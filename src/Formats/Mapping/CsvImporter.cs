using Tessera.Formats.Csv;

namespace Tessera.Formats.Mapping;

/// <summary>
/// Imports a CSV file with a header into a group: int64 and float64 columns become scalar ndarray
/// columns, string columns str columns; an empty field leaves the key out of that column. Types are
/// inferred from the data unless <see cref="ImportOptions.Types"/> gives them (zip codes as str keep
/// their zeros). Reads batches of rows; keys are checked as they come, and a bad one, or a number
/// beyond its type, undoes the whole import.
/// </summary>
public static class CsvImporter
{
    /// <summary>The type names of <c>--types</c>: str as the column kind is called, the numbers as their dtypes.</summary>
    private static readonly (string Name, CsvColumnType? Type)[] TypeNames =
        [("str", CsvColumnType.String), ("int64", CsvColumnType.Int64), ("float64", CsvColumnType.Float64)];

    public static ImportResult Import(WriteCheckout writer, string file, ImportOptions options, IProgress<double>? progress = null) =>
        ImportGuard.Run(writer, file, "CSV", () =>
        {
            string group = Names.NormalizePath(options.Into);
            ColumnTargets.RequireGroup(writer, group);
            using var stream = File.OpenRead(file);
            var types = options.Types ?? new Dictionary<string, CsvColumnType>();
            if (types.Count > 0)
            {
                var header = CsvReader.ReadColumnNames(stream);
                foreach (string name in types.Keys.Where(n => !header.Contains(n)))
                    throw new InvalidInputException(ErrorCode.InvalidArgument, $"{Path.GetFileName(file)} has no column '{name}' (--types). Its columns are: {string.Join(", ", header)}.");
                stream.Position = 0;
            }
            using var reader = CsvReader.Open(stream, new CsvReadOptions { ColumnTypes = types }, leaveOpen: true);
            var all = reader.Columns;
            int keyIndex = options.Key is { } keyName ? IndexOf(all, keyName, "--key", file) : -1;
            if (keyIndex >= 0 && all[keyIndex].Type == CsvColumnType.Float64)
                throw new InvalidInputException(ErrorCode.InvalidKey, $"Key column '{options.Key}' holds decimal numbers; keys come from an integer or string column. Pick another with --key.");
            var selected = (options.Columns ?? all.Select(c => c.Name)).Select(n => IndexOf(all, n, "--columns", file)).Where(i => i != keyIndex).Distinct().Order().ToList();
            foreach (int c in selected)
            {
                if (!Names.IsValid(all[c].Name))
                    throw new InvalidFileException($"Column '{all[c].Name}' of {Path.GetFileName(file)} has a name that is not a valid node name (1 to {Names.MaxLength} ASCII letters, digits, '_', '-' or '.'). Leave it out with --columns.");
            }
            var (columns, created) = ColumnTargets.Prepare(writer, [.. selected.Select(c => ($"{group}/{all[c].Name}", SchemaOf(all[c].Type)))]);
            var keySet = keyIndex >= 0 ? new KeySet(all[keyIndex].Name) : null;
            long rows = 0, samples = 0, bytes = 0;
            foreach (var batch in reader.ReadBatches())
            {
                var keys = Keys(batch, keyIndex, keySet, rows);
                for (int s = 0; s < selected.Count; s++)
                {
                    var (staged, stagedBytes) = Stage(columns[s], batch, selected[s], keys);
                    samples += staged;
                    bytes += stagedBytes;
                }
                rows += batch.RowCount;
                progress?.Report((double)stream.Position / Math.Max(1, stream.Length));
            }
            return new ImportResult("csv", Path.GetFileName(file), group, rows, samples, bytes, [.. columns.Select(c => c.Path)], created);
        });

    /// <summary>
    /// Column types as the CLI's <c>--types</c> writes them: <c>zip=str,price=float64</c>, each type one of
    /// <c>str</c>, <c>int64</c>, <c>float64</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, CsvColumnType> ParseTypes(string text)
    {
        var types = new Dictionary<string, CsvColumnType>(StringComparer.Ordinal);
        foreach (string item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = item.LastIndexOf('=');
            string name = equals > 0 ? item[..equals] : "";
            CsvColumnType? type = equals > 0 ? TypeNames.FirstOrDefault(t => t.Name == item[(equals + 1)..]).Type : null;
            if (type is null)
                throw new InvalidInputException(ErrorCode.Usage, $"--types takes COLUMN=TYPE pairs separated by commas, TYPE one of {string.Join(", ", TypeNames.Select(t => t.Name))} (e.g. --types zip=str,price=float64), not '{item}'.");
            if (!types.TryAdd(name, type.Value))
                throw new InvalidInputException(ErrorCode.Usage, $"--types gives column '{name}' twice.");
        }
        return types;
    }

    private static ColumnSchema SchemaOf(CsvColumnType type) => type switch
    {
        CsvColumnType.Int64 => ColumnSchema.NDArray(DType.Int64),
        CsvColumnType.Float64 => ColumnSchema.NDArray(DType.Float64),
        _ => ColumnSchema.Str(),
    };

    private static SampleKey[] Keys(CsvBatch batch, int keyIndex, KeySet? keySet, long firstRow)
    {
        var keys = keySet?.NewBatch(batch.RowCount) ?? new SampleKey[batch.RowCount];
        for (int r = 0; r < keys.Length; r++)
        {
            long row = firstRow + r;
            if (keySet is null)
                keys[r] = SampleKey.Of(row);
            else if (batch.IsNull(keyIndex, r))
                throw keySet.NullAt(row);
            else
                keys[r] = batch.Columns[keyIndex].Type == CsvColumnType.Int64 ? keySet.FromInt(batch.GetInt64(keyIndex)[r], row) : keySet.FromString(batch.GetStrings(keyIndex)[r]!, row);
        }
        return keys;
    }

    private static (long Samples, long Bytes) Stage(WritableColumn column, CsvBatch batch, int c, SampleKey[] keys)
    {
        var rows = Enumerable.Range(0, batch.RowCount).Where(r => !batch.IsNull(c, r)).ToArray();
        var present = rows.Select(r => keys[r]).ToArray();
        switch (batch.Columns[c].Type)
        {
            case CsvColumnType.Int64:
                SampleStager.AddFixed(column, present, Gather(batch.GetInt64(c), rows), rows.Length);
                return (rows.Length, rows.Length * 8L);
            case CsvColumnType.Float64:
                SampleStager.AddFixed(column, present, Gather(batch.GetFloat64(c), rows), rows.Length);
                return (rows.Length, rows.Length * 8L);
            default:
                var strings = batch.GetStrings(c).ToArray();
                // One batch: keys that already hold their text are left alone (a table imported again).
                column.AddStrings(present, [.. rows.Select(r => strings[r]!)]);
                return (rows.Length, rows.Sum(r => (long)System.Text.Encoding.UTF8.GetByteCount(strings[r]!)));
        }
    }

    private static T[] Gather<T>(ReadOnlySpan<T> values, int[] rows)
    {
        var result = new T[rows.Length];
        for (int i = 0; i < rows.Length; i++)
            result[i] = values[rows[i]];
        return result;
    }

    private static int IndexOf(IReadOnlyList<CsvColumn> columns, string name, string option, string file)
    {
        for (int i = 0; i < columns.Count; i++)
        {
            if (columns[i].Name == name)
                return i;
        }
        throw new InvalidInputException(ErrorCode.InvalidArgument, $"{Path.GetFileName(file)} has no column '{name}' ({option}). Its columns are: {string.Join(", ", columns.Select(c => c.Name))}.");
    }
}
