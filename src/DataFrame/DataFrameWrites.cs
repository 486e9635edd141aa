using System.Text.Json.Nodes;
using Microsoft.Data.Analysis;

namespace Tessera.DataFrames;

/// <summary>
/// A DataFrame staged into a write checkout: as columns of a group (one sample per row and
/// column), or as one chunked array <c>[rows, columns]</c>. Each is one all-or-nothing
/// operation (<see cref="WriteCheckout.BeginOperation"/>): everything is checked first, and a
/// failure or a crash midway stages nothing.
/// </summary>
public static class DataFrameWrites
{
    private const int ChunkBytes = 1 << 20;
    private const int WriteBytes = 16 << 20;

    /// <summary>
    /// Stages each DataFrame column as the column of its name in <see cref="DataFrameWriteOptions.Into"/>
    /// (created, or an existing one of the same type added to), each row under its key, through
    /// the writer's batch calls.
    /// </summary>
    public static DataFrameWriteResult WriteDataFrame(this WriteCheckout writer, Microsoft.Data.Analysis.DataFrame frame, DataFrameWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(options);
        var into = Names.NormalizePath(options.Into);
        var nodes = writer.Nodes.ToDictionary(n => n.Path, StringComparer.Ordinal);
        if (nodes.TryGetValue(into, out var group) && group.Kind != NodeKind.Group)
            throw new InvalidInputException(ErrorCode.NodeExists, $"{into} is a {group.Kind.Name()}; Into names the group to write the DataFrame's columns into. Pick a group path.");
        var keys = options.Key is { } key ? FrameKeys.Of(Find(frame, key)) : [.. Enumerable.Range(0, checked((int)frame.Rows.Count)).Select(i => SampleKey.Of(i))];
        var names = options.Columns ?? [.. frame.Columns.Select(c => c.Name).Where(n => n != options.Key)];
        if (names.Count == 0)
            throw new InvalidInputException(ErrorCode.InvalidArgument, "Nothing to write: the DataFrame has no column besides the key. Name the columns to write in Columns.");
        var targets = new List<(string Path, FrameValues Values, bool Exists)>();
        foreach (var name in names)
        {
            var values = FrameValues.Of(Find(frame, name));
            if (!Names.IsValid(name))
            {
                throw new InvalidInputException(ErrorCode.InvalidName,
                    $"DataFrame column '{name}' cannot name a column: names are 1 to {Names.MaxLength} ASCII letters, digits, '_', '-' or '.', not starting with '.' or '-'. Rename it (SetName), or leave it out (Columns).");
            }
            var path = $"{into}/{name}";
            if (!options.SkipNulls)
                RefuseNulls(values.Column, "a Tessera column has no nulls. Fill them (FillNulls), drop their rows (DropNulls), or set SkipNulls to leave those keys out of that column.");
            bool exists = nodes.TryGetValue(path, out var node);
            if (exists)
                CheckFits(path, node!, values.Schema);
            targets.Add((path, values, exists));
        }

        using var operation = writer.BeginOperation($"write a DataFrame into {into}");
        long samples = 0;
        foreach (var (path, values, exists) in targets)
            samples += values.Stage(exists ? writer.Column(path) : writer.CreateColumn(path, values.Schema), keys);
        operation.Complete();
        return new DataFrameWriteResult(into, frame.Rows.Count, samples, [.. targets.Select(t => t.Path)], [.. targets.Where(t => !t.Exists).Select(t => t.Path)]);
    }

    /// <summary>
    /// Stages chosen DataFrame columns, all of one element type, as a new 2-D chunked array at
    /// <paramref name="path"/>: row <c>r</c>, column <c>c</c> is row <c>r</c> of the <c>c</c>-th
    /// column named. The array's <c>columns</c> attribute lists their names.
    /// </summary>
    public static DataFrameArrayResult WriteDataFrameArray(this WriteCheckout writer, Microsoft.Data.Analysis.DataFrame frame, string path, DataFrameArrayOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(options);
        path = Names.NormalizePath(path);
        if (options.Columns.Count == 0)
            throw new InvalidInputException(ErrorCode.InvalidArgument, "An array is made of at least one DataFrame column: name them in Columns.");
        if (options.ChunkRows is <= 0)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"ChunkRows is {options.ChunkRows}; a chunk holds at least one row.");
        var values = options.Columns.Select(name => FrameValues.Of(Find(frame, name))).ToList();
        var first = values[0];
        foreach (var column in values)
        {
            if (column.Schema.Kind != ColumnKind.NDArray)
                throw new InvalidInputException(ErrorCode.DTypeMismatch, $"DataFrame column '{column.Column.Name}' holds strings; an array holds numbers. Leave it out of Columns.");
            if (column.Schema.DType != first.Schema.DType)
            {
                throw new InvalidInputException(ErrorCode.DTypeMismatch,
                    $"DataFrame columns '{first.Column.Name}' ({first.Schema.DType!.Value.Name()}) and '{column.Column.Name}' ({column.Schema.DType!.Value.Name()}) differ; an array has one dtype. Convert them to one type first, or write them as two arrays.");
            }
            RefuseNulls(column.Column, "an array has no nulls. Fill them (FillNulls) or drop their rows (DropNulls) first.");
        }
        var dtype = first.Schema.DType!.Value;
        long rows = frame.Rows.Count;
        long rowBytes = (long)values.Count * dtype.ItemSize();
        int chunkRows = options.ChunkRows ?? (int)Math.Clamp(ChunkBytes / rowBytes, 1, Math.Max(rows, 1));
        var schema = new ArraySchema(dtype, [rows, values.Count], [chunkRows, values.Count]);
        int rowsPerWrite = checked(chunkRows * (int)Math.Max(1, WriteBytes / (rowBytes * chunkRows)));

        using var operation = writer.BeginOperation($"write a DataFrame into array {path}");
        var array = writer.CreateArray(path, schema);
        writer.SetAttribute(path, "columns", new JsonArray([.. options.Columns.Select(n => JsonValue.Create(n))]));
        first.WriteArray(array, values, rowsPerWrite);
        operation.Complete();
        return new DataFrameArrayResult(path, schema, [.. options.Columns]);
    }

    private static DataFrameColumn Find(Microsoft.Data.Analysis.DataFrame frame, string name) =>
        frame.Columns.FirstOrDefault(c => c.Name == name)
        ?? throw new InvalidInputException(ErrorCode.InvalidArgument, $"The DataFrame has no column '{name}'; it has {string.Join(", ", frame.Columns.Select(c => c.Name))}.");

    private static void RefuseNulls(DataFrameColumn column, string why)
    {
        if (column.NullCount == 0)
            return;
        long row = 0;
        while (column.IsValid(row))
            row++;
        throw new InvalidInputException(ErrorCode.InvalidArgument, $"DataFrame column '{column.Name}' has {column.NullCount} null(s), the first in row {row}; {why}");
    }

    /// <summary>An existing node takes the DataFrame column's samples when it is a flat column of scalars of the same type (or str).</summary>
    private static void CheckFits(string path, NodeInfo node, ColumnSchema wanted)
    {
        if (node.Kind != NodeKind.Column)
            throw new InvalidInputException(ErrorCode.NodeExists, $"{path} is a {node.Kind.Name()}, so no column can be written there. Write into another group (Into), or leave the DataFrame column out (Columns).");
        var schema = node.Schema!;
        if (schema.Kind != wanted.Kind || schema.DType != wanted.DType || schema.Layout != ColumnLayout.Flat || schema.VariableShape != wanted.VariableShape || schema.Shape.Count != wanted.Shape.Count)
        {
            throw new InvalidInputException(ErrorCode.DTypeMismatch,
                $"Column {path} exists as {schema}; the DataFrame column is {wanted}. Convert the DataFrame column, write into another group (Into), or leave it out (Columns).");
        }
    }
}
