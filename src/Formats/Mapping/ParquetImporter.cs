using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Reading;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Mapping;

/// <summary>
/// Imports a Parquet file into a group: each top-level column becomes a column of the group, each
/// row a key. Reads one row group at a time, so memory is bounded by the largest row group.
/// See docs/formats.md, "Mapping to Tessera".
/// </summary>
public static class ParquetImporter
{
    /// <summary>Stages the file's samples in <paramref name="writer"/>; on any failure stages nothing.</summary>
    public static ImportResult Import(WriteCheckout writer, string file, ImportOptions options, IProgress<double>? progress = null)
    {
        try
        {
            return Import(writer, file, options, progress, surveyShapes: false);
        }
        catch (ShapesChangedException)
        {
            // The first row group's list shapes were not the file's: everything staged is rolled back.
            return Import(writer, file, options, progress, surveyShapes: true);
        }
    }

    private static ImportResult Import(WriteCheckout writer, string file, ImportOptions options, IProgress<double>? progress, bool surveyShapes) =>
        ImportGuard.Run(writer, file, "Parquet", () =>
        {
            using var reader = ParquetReader.Open(file, options.ParquetLimits with { KeepDictionaryIndices = true });
            return new ParquetImport(writer, reader, file, options).Run(progress, surveyShapes);
        });
}

/// <summary>A row group's list shapes do not fit the schema the first row group's chose: the import starts again, surveying every row group first.</summary>
internal sealed class ShapesChangedException() : Exception("A row group's list shapes do not fit the schema chosen from the first row group.");

/// <summary>
/// One import: the plan (fields, key, schemas), then the staging pass, which checks the keys. List
/// columns whose shapes the file does not declare take their schema from the first row group's
/// shapes, or, when asked (a later row group did not fit), from a first pass over every row group.
/// </summary>
internal sealed class ParquetImport
{
    private const long LargeRowGroupBytes = 32L << 20;
    // The heap, garbage included, that row groups may leave before a full collection. The staging
    // area no longer holds the entries of columns built as they stage, so what a collection leaves
    // is mostly the reader's and builders' working memory (~130-200 MB for the benchmark table):
    // from 128 MB, doubling that collected twice per import where once had done.
    private readonly HeapBound heap = HeapBound.Doubling(384L << 20);
    private readonly WriteCheckout writer;
    private readonly ParquetReader reader;
    private readonly string file;
    private readonly string into;
    private readonly ParquetMappingMetadata? metadata;
    private readonly ImportedKey? key;
    private readonly List<ImportedField> fields = [];

    public ParquetImport(WriteCheckout writer, ParquetReader reader, string file, ImportOptions options)
    {
        this.writer = writer;
        this.reader = reader;
        this.file = Path.GetFileName(file);
        this.into = Names.NormalizePath(options.Into);
        this.metadata = ParquetMappingMetadata.Read(reader.KeyValueMetadata);
        var topLevel = reader.Schema.Root.Children;
        string? keyName = options.Key ?? this.metadata?.KeyColumn;
        if (keyName is not null)
            this.key = ImportedKey.Of(this.Find(topLevel, keyName, "--key"), this.metadata?.KeyColumn == keyName ? this.metadata.KeyEncoding : null);
        var selected = options.Columns is { } names ? names.Select(n => this.Find(topLevel, n, "--columns")).ToHashSet() : null;
        var renames = Renames.Check(options.Rename, topLevel.Select(f => f.Name).ToList(), this.file);
        var problems = new List<string>();
        foreach (var field in topLevel)
        {
            if (field.Name == keyName || selected?.Contains(field) == false)
                continue;
            if (this.Plan(field, renames.GetValueOrDefault(field.Name), out var problem) is { } planned)
                this.fields.Add(planned);
            else
                problems.Add(problem!);
        }
        if (problems.Count > 0)
            throw Unsupported(problems, topLevel.Where(f => f.Name != keyName && selected?.Contains(f) != false).Count());
        if (this.fields.Count == 0)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"Nothing to import from {this.file}: no column is left besides the key. Name the columns with --columns.");
    }

    public ImportResult Run(IProgress<double>? progress, bool surveyShapes)
    {
        ColumnTargets.RequireGroup(this.writer, this.into);
        int[] leaves = [.. this.fields.Select(f => f.Nesting.Leaf.Index), .. this.key is { } k ? [k.Leaf.Index] : Array.Empty<int>()];
        var next = this.ChooseShapes(leaves, surveyShapes);
        this.CheckAnnotations();
        var (columns, created) = ColumnTargets.Prepare(this.writer, [.. this.fields.Select(f => (this.PathOf(f), f.Schema!))]);
        foreach (var field in this.fields)
        {
            if (field.Annotation is { } annotation)
                this.writer.SetAttribute(this.PathOf(field), ParquetAnnotation.AttributeKey, annotation.ToJson());
        }
        ColumnOrder.Append(this.writer, this.into, [.. this.fields.Select(f => f.NodeName)]);
        long samples = 0, bytes = 0, firstRow = 0;
        var groups = this.reader.RowGroups;
        int rows = (int)Math.Min(int.MaxValue, groups.Sum(g => g.NumRows));
        foreach (var column in columns)
            column.Reserve(rows);
        try
        {
            for (int g = 0; g < groups.Count; g++)
            {
                var (staged, stagedBytes, decoded) = this.StageRowGroup(g, leaves, ref next, columns, firstRow);
                samples += staged;
                bytes += stagedBytes;
                firstRow += groups[g].NumRows;
                progress?.Report((double)(g + 1) / groups.Count);
                AfterRowGroup(decoded);
            }
        }
        finally
        {
            // The reader must outlive a decode still running after a failure.
            if (next is not null)
                ((IAsyncResult)next).AsyncWaitHandle.WaitOne();
        }
        return new ImportResult("parquet", this.file, this.into, firstRow, samples, bytes,
            [.. this.fields.Select(this.PathOf)], created);
    }

    /// <summary>
    /// Row groups this small are decoded one ahead, while the previous one is staged (staging is
    /// partly serial, so the second core would idle); larger ones one at a time, to bound memory.
    /// </summary>
    private static bool IsSmall(RowGroupMetadata group) => group.TotalByteSize is >= 0 and < LargeRowGroupBytes;

    /// <summary>Row group <paramref name="g"/>'s chunks (decoded ahead, or now), and starts decoding the next one if it is small.</summary>
    private Dictionary<int, ColumnData> TakeColumns(int g, int[] leaves, ref Task<Dictionary<int, ColumnData>>? next)
    {
        var chunks = next is null ? this.ReadColumns(g, leaves) : next.GetAwaiter().GetResult();
        var groups = this.reader.RowGroups;
        next = g + 1 < groups.Count && IsSmall(groups[g + 1]) ? Task.Run(() => this.ReadColumns(g + 1, leaves)) : null;
        return chunks;
    }

    /// <summary>
    /// Stages one row group; returns the samples and bytes staged, and the bytes its decoded chunks
    /// held. The chunks live only in this method's frame: their arrays go back to the reader for the
    /// next row groups to decode into.
    /// </summary>
    private (long Samples, long Bytes, long Decoded) StageRowGroup(int g, int[] leaves, ref Task<Dictionary<int, ColumnData>>? next, WritableColumn[] columns, long firstRow)
    {
        var chunks = this.TakeColumns(g, leaves, ref next);
        int rows = checked((int)this.reader.RowGroups[g].NumRows);
        var keys = this.key?.Keys(chunks[this.key.Leaf.Index], rows, firstRow) ?? RowIndexKeys(firstRow, rows);
        long samples = 0, bytes = 0;
        for (int f = 0; f < this.fields.Count; f++)
        {
            var field = this.fields[f];
            var data = chunks[field.Nesting.Leaf.Index];
            var layout = field.Nesting.Layout(data, rows, this.Where(field, g));
            if (field.ShapesFromFirstRowGroup && g > 0 && !ShapeStats.Of(field.Nesting.Rank, layout).Fit(field.Schema!))
                throw new ShapesChangedException();
            var (staged, stagedBytes) = Stage(columns[f], field, data, layout, keys, firstRow);
            samples += staged;
            bytes += stagedBytes;
        }
        long decoded = DecodedSize(chunks.Values);
        // Staged: the columns' samples are stored and nothing holds the decoded arrays any more.
        foreach (var data in chunks.Values)
            this.reader.Recycle(data);
        return (samples, bytes, decoded);
    }

    /// <summary>
    /// Chooses the schemas of the list columns whose shapes the file does not declare: from every row
    /// group's shapes when <paramref name="surveyAll"/>, else from the first row group's, whose decoded
    /// columns are returned to be staged (later row groups are checked against the choice as they
    /// are staged). Null when no column is open or nothing was decoded.
    /// </summary>
    private Task<Dictionary<int, ColumnData>>? ChooseShapes(int[] leaves, bool surveyAll)
    {
        var open = this.fields.Where(f => f.Schema is null).ToList();
        if (open.Count == 0)
            return null;
        var shapes = open.ToDictionary(f => f, f => new ShapeStats(f.Nesting.Rank));
        var groups = this.reader.RowGroups;
        Task<Dictionary<int, ColumnData>>? first = null;
        if (surveyAll)
        {
            int[] openLeaves = [.. open.Select(f => f.Nesting.Leaf.Index)];
            for (int g = 0; g < groups.Count; g++)
                AfterRowGroup(this.SurveyRowGroup(g, open, shapes, this.ReadColumns(g, openLeaves)));
        }
        else if (groups.Count > 0)
        {
            var chunks = this.ReadColumns(0, leaves);
            this.SurveyRowGroup(0, open, shapes, chunks);
            first = Task.FromResult(chunks);
            foreach (var field in open)
                field.ShapesFromFirstRowGroup = true;
        }
        foreach (var field in open)
            field.Schema = shapes[field].Schema(field.DType!.Value);
        return first;
    }

    /// <summary>Records one row group's list shapes; returns the bytes its decoded chunks held.</summary>
    private long SurveyRowGroup(int g, List<ImportedField> open, Dictionary<ImportedField, ShapeStats> shapes, Dictionary<int, ColumnData> chunks)
    {
        int rows = checked((int)this.reader.RowGroups[g].NumRows);
        foreach (var field in open)
            shapes[field].Add(field.Nesting.Layout(chunks[field.Nesting.Leaf.Index], rows, this.Where(field, g)));
        return DecodedSize(chunks.Values);
    }

    /// <summary>
    /// Collects a large row group's decoded arrays (once nothing references them), and the chunk
    /// buffers the reader keeps, before the next is read: a streaming import of large rows then
    /// holds one row group's worth. Smaller row groups are collected once their garbage has
    /// doubled the heap (<see cref="HeapBound"/>).
    /// </summary>
    private void AfterRowGroup(long decodedBytes)
    {
        if (decodedBytes < LargeRowGroupBytes)
        {
            this.heap.AfterBatch();
            return;
        }
        this.reader.ReleaseBuffers();
        this.heap.Collect();
    }

    /// <summary>Bytes held by decoded chunks: values plus level entries (two shorts each).</summary>
    private static long DecodedSize(IEnumerable<ColumnData> chunks) =>
        chunks.Sum(c => (c.Values is BinaryValues binary ? binary.ByteLength : (long)c.ValueCount * 8) + (c.LevelCount * 4L));

    private static (long Samples, long Bytes) Stage(WritableColumn column, ImportedField field, ColumnData data, ParquetRowLayout layout, SampleKey[] keys, long firstRow)
    {
        var rows = new List<int>(keys.Length);
        for (int r = 0; r < keys.Length; r++)
        {
            if (layout.Present[r])
                rows.Add(r);
        }
        var present = rows.Count == keys.Length ? keys : rows.Select(r => keys[r]).ToArray();
        var schema = field.Schema!;
        switch (schema.Kind)
        {
            case ColumnKind.Str:
                SampleStager.AddUtf8(column, present, data.Binary, FirstValue(layout, rows), i => $"Column '{field.Name}' at row {firstRow + rows[i]}");
                return (present.Length, data.Binary.ByteLength);
            case ColumnKind.Bytes when field.Nesting.Rank == 1:
                var lists = ParquetStringList.Encode(data.Binary, layout, rows, r => $"Column '{field.Name}' at row {firstRow + r}");
                SampleStager.AddBytes(column, present, lists, 0);
                return (present.Length, lists.ByteLength);
            case ColumnKind.Bytes:
                var binary = ParquetTypeMap.Binary(data);
                SampleStager.AddBytes(column, present, binary, FirstValue(layout, rows));
                return (present.Length, binary.ByteLength);
        }
        var dtype = schema.DType!.Value;
        var values = ParquetTypeMap.Values(data, dtype);
        if (!schema.VariableShape)
        {
            var shape = schema.Shape.ToArray();
            foreach (int r in rows)
            {
                if (!layout.ShapeOf(r).SequenceEqual(shape))
                {
                    throw new InvalidInputException(ErrorCode.ShapeMismatch,
                        $"Column '{field.Name}' at row {firstRow + r} has shape {ColumnSchema.FormatShape(layout.ShapeOf(r))}, but {column.Path} holds {schema}. Import into another group (--into), or leave the column out (--columns).");
                }
            }
            // The reader's dictionary indices go along when the values are the ones it read.
            bool asRead = ReferenceEquals(values, data.Values);
            SampleStager.AddFixed(column, present, values, data.ValueCount, asRead ? data.DictionaryValues : null, asRead ? data.DictionaryIndices : null);
        }
        else
        {
            var starts = rows.Select(r => layout.ValueStarts[r]).ToArray();
            var shapes = rows.Select(r => layout.ShapeOf(r).ToArray()).ToArray();
            SampleStager.AddEach(column, present, values, starts, shapes);
        }
        return (present.Length, (long)data.ValueCount * dtype.ItemSize());
    }

    /// <summary>
    /// The index of the first present row's value. str and bytes columns are never lists, so the
    /// present rows' values are consecutive (a null row has none).
    /// </summary>
    private static int FirstValue(ParquetRowLayout layout, List<int> rows)
    {
        if (rows.Count == 0)
            return 0;
        int first = layout.ValueStarts[rows[0]];
        return layout.ValueStarts[rows[^1]] == first + rows.Count - 1 ? first
            : throw new InvalidOperationException("The values of a str or bytes column are not consecutive.");
    }

    /// <summary>Decodes the given column chunks of a row group on all cores.</summary>
    private Dictionary<int, ColumnData> ReadColumns(int rowGroup, int[] leaves)
    {
        var chunks = new ColumnData[leaves.Length];
        var budget = this.reader.NewRowGroupBudget();
        SampleStager.For(leaves.Length, i => chunks[i] = this.reader.ReadColumn(rowGroup, leaves[i], budget));
        return leaves.Select((leaf, i) => (leaf, chunks[i])).ToDictionary(p => p.leaf, p => p.Item2);
    }

    /// <summary>The field to import, or null with what keeps it out.</summary>
    private ImportedField? Plan(SchemaField field, string? rename, out string? problem)
    {
        problem = null;
        string name = rename ?? field.Name;
        var nesting = ParquetNesting.Of(field);
        string? reason = null;
        var mapped = nesting is null ? null : ParquetTypeMap.ToTessera(nesting.Leaf.Field, out reason);
        if (nesting is null)
            problem = "is a group of several fields (a struct or a map)";
        else if (mapped is null)
            problem = $"holds {reason}, which have no Tessera dtype";
        else if (mapped.Value.Kind != ColumnKind.NDArray && nesting.Rank > 0 && !(mapped.Value.Kind == ColumnKind.Str && nesting.Rank == 1))
            problem = nesting.Rank > 1 ? $"nests lists of {mapped.Value.Kind.Name()} values; only a flat list of strings has a form (a bytes sample)"
                : $"is a list of {mapped.Value.Kind.Name()} values; bytes samples are single values";
        else if (nesting.Rank > ColumnSchema.MaxRank)
            problem = $"nests {nesting.Rank} lists deep; samples have rank ≤ {ColumnSchema.MaxRank}";
        else if (!Names.IsValid(name))
            problem = $"has a name that is not a valid node name (1 to {Names.MaxLength} ASCII letters, digits, '_', '-' or '.'): rename it with --rename '{field.Name}={Renames.Suggest(field.Name)}'";
        if (problem is not null)
        {
            problem = $"'{field.Name}' {problem}";
            return null;
        }
        var dtype = mapped!.Value.DType;
        bool stringList = nesting!.Rank == 1 && mapped.Value.Kind == ColumnKind.Str;
        var schema = stringList ? ColumnSchema.Bytes() : mapped.Value.Kind switch
        {
            ColumnKind.Str => ColumnSchema.Str(),
            ColumnKind.Bytes => ColumnSchema.Bytes(),
            _ when nesting!.Rank == 0 => ColumnSchema.NDArray(dtype!.Value),
            _ => this.metadata?.Schemas.GetValueOrDefault(field.Name) is { } declared
                && declared.Kind == ColumnKind.NDArray && declared.DType == dtype && declared.Shape.Count == nesting.Rank ? declared : null,
        };
        var annotation = stringList ? new ParquetAnnotation { LogicalType = ParquetStringList.LogicalType } : ParquetAnnotation.Of(nesting.Leaf.Field);
        if (rename is not null)
            annotation = (annotation ?? new ParquetAnnotation()) with { Name = field.Name };
        return new ImportedField(field.Name, name, nesting, dtype, annotation) { Schema = schema };
    }

    /// <summary>
    /// An existing column keeps its meaning: a DATE column takes dates, not plain int32 values or
    /// timestamps. Checked before any column is created.
    /// </summary>
    private void CheckAnnotations()
    {
        var nodes = this.writer.Nodes.Where(n => n.Kind == NodeKind.Column).Select(n => n.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var field in this.fields)
        {
            string path = this.PathOf(field);
            if (!nodes.Contains(path))
                continue;
            var existing = ParquetAnnotation.FromAttributes(path, this.writer.Attributes(path));
            string? had = existing?.LogicalType is null ? null : (existing with { Name = null }).ToJson().ToJsonString();
            string? wants = field.Annotation?.LogicalType is null ? null : (field.Annotation with { Name = null }).ToJson().ToJsonString();
            if (had != wants)
            {
                throw new InvalidInputException(ErrorCode.DTypeMismatch,
                    $"Column {path} holds {had ?? "plain values"} (its '{ParquetAnnotation.AttributeKey}' attribute), but the file's column '{field.Name}' holds {wants ?? "plain values"}. Import into another group (--into), or leave the column out (--columns).");
            }
        }
    }

    private SchemaField Find(IReadOnlyList<SchemaField> topLevel, string name, string option) =>
        topLevel.FirstOrDefault(f => f.Name == name) ?? throw new InvalidInputException(ErrorCode.InvalidArgument,
            $"{this.file} has no column '{name}' ({option}). Its columns are: {string.Join(", ", topLevel.Select(f => f.Name))}.");

    /// <summary>One refusal naming every column that cannot be imported, so one retry is enough.</summary>
    private InvalidFileException Unsupported(List<string> problems, int considered)
    {
        string list = string.Join("; ", problems);
        string columns = problems.Count == 1 ? "Column" : $"{problems.Count} of {considered} columns";
        return new($"{columns} of {this.file} cannot be imported: {list}. Leave {(problems.Count == 1 ? "it" : "them")} out with --columns (naming the columns to import).");
    }

    private string PathOf(ImportedField field) => this.into + "/" + field.NodeName;

    private string Where(ImportedField field, int rowGroup) => $"Column '{field.Name}' of {this.file} (row group {rowGroup})";

    private static SampleKey[] RowIndexKeys(long firstRow, int rows)
    {
        var keys = new SampleKey[rows];
        for (int r = 0; r < rows; r++)
            keys[r] = SampleKey.Of(firstRow + r);
        return keys;
    }

    private sealed class ImportedField(string name, string nodeName, ParquetNesting nesting, DType? dtype, ParquetAnnotation? annotation)
    {
        /// <summary>The column's name in the file.</summary>
        public string Name { get; } = name;

        /// <summary>The column's node name: <see cref="Name"/>, or what <c>--rename</c> gives.</summary>
        public string NodeName { get; } = nodeName;

        public ParquetAnnotation? Annotation { get; } = annotation;

        public ParquetNesting Nesting { get; } = nesting;

        public DType? DType { get; } = dtype;

        /// <summary>The column schema; null until the list shapes are seen.</summary>
        public ColumnSchema? Schema { get; set; }

        /// <summary>Whether <see cref="Schema"/> was chosen from the first row group's shapes alone, so later ones must fit it.</summary>
        public bool ShapesFromFirstRowGroup { get; set; }
    }
}
