using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Parquet.Reading;

/// <summary>
/// Reassembles shredded columns into rows (Dremel record assembly). Each row is an array with one
/// entry per top-level field. A value is null, a scalar (see <see cref="ColumnData.GetValue"/>),
/// a <c>List&lt;object?&gt;</c> (LIST, legacy two-level lists, unannotated repeated fields), a
/// <c>List&lt;KeyValuePair&lt;object?, object?&gt;&gt;</c> (MAP) or a <c>Dictionary&lt;string, object?&gt;</c> (struct).
/// This is a convenience for nested data; flat columns are faster read from <see cref="ColumnData"/> directly.
/// </summary>
public sealed class RecordAssembler
{
    private readonly ParquetSchema schema;
    private readonly IReadOnlyList<ColumnData> columns;
    private readonly int[][] valueIndex;
    private readonly Dictionary<SchemaField, (int Definition, int Repetition, int FirstLeaf, int LastLeaf)> nodes = [];

    private RecordAssembler(ParquetSchema schema, IReadOnlyList<ColumnData> columns)
    {
        this.schema = schema;
        this.columns = columns;
        this.valueIndex = new int[columns.Count][];
        for (int c = 0; c < columns.Count; c++)
        {
            this.valueIndex[c] = BuildValueIndex(columns[c]);
        }
        foreach (var child in schema.Root.Children)
        {
            Describe(child, 0, 0);
        }
    }

    /// <summary>Assembles the rows of one row group from all of its columns (in schema order).</summary>
    public static IReadOnlyList<object?[]> Assemble(ParquetSchema schema, IReadOnlyList<ColumnData> columns)
    {
        if (columns.Count != schema.Columns.Count)
        {
            throw new ArgumentException($"Expected {schema.Columns.Count} columns, got {columns.Count}.", nameof(columns));
        }
        return new RecordAssembler(schema, columns).AssembleRows();
    }

    private IReadOnlyList<object?[]> AssembleRows()
    {
        int leafCount = this.columns.Count;
        var rowStarts = new List<int>[leafCount];
        for (int c = 0; c < leafCount; c++)
        {
            rowStarts[c] = RowStarts(this.columns[c]);
            if (rowStarts[c].Count != rowStarts[0].Count)
            {
                throw new ParquetFormatException($"Column '{this.columns[c].Column}' has {rowStarts[c].Count} rows but '{this.columns[0].Column}' has {rowStarts[0].Count}.");
            }
        }
        var fields = this.schema.Root.Children;
        var rows = new object?[rowStarts[0].Count][];
        for (int r = 0; r < rows.Length; r++)
        {
            var starts = new int[leafCount];
            var ends = new int[leafCount];
            for (int c = 0; c < leafCount; c++)
            {
                starts[c] = rowStarts[c][r];
                ends[c] = r + 1 < rowStarts[c].Count ? rowStarts[c][r + 1] : this.columns[c].LevelCount;
            }
            var row = new object?[fields.Count];
            for (int f = 0; f < fields.Count; f++)
            {
                row[f] = BuildField(fields[f], starts, ends);
            }
            rows[r] = row;
        }
        return rows;
    }

    /// <summary>The value of <paramref name="node"/> within one instance of its parent.</summary>
    private object? BuildField(SchemaField node, int[] starts, int[] ends)
    {
        var info = this.nodes[node];
        int definition = DefinitionAt(info.FirstLeaf, starts[info.FirstLeaf], ends[info.FirstLeaf]);
        if (node.Repetition == Repetition.Repeated)
        {
            var items = new List<object?>();
            if (definition < info.Definition)
            {
                return items;
            }
            foreach (var (elementStarts, elementEnds) in SplitElements(info, starts, ends))
            {
                items.Add(BuildInstance(node, elementStarts, elementEnds));
            }
            return items;
        }
        if (node.Repetition == Repetition.Optional && definition < info.Definition)
        {
            return null;
        }
        return BuildInstance(node, starts, ends);
    }

    /// <summary>The value of a node known to be present.</summary>
    private object? BuildInstance(SchemaField node, int[] starts, int[] ends)
    {
        if (node.IsLeaf)
        {
            int column = node.Column!.Index;
            int entry = starts[column];
            var data = this.columns[column];
            if (ends[column] - entry != 1
                || (data.Column.MaxDefinitionLevel > 0 && data.DefinitionLevels[entry] != data.Column.MaxDefinitionLevel))
            {
                throw new ParquetFormatException($"Column '{node.Column}' has levels inconsistent with its schema.");
            }
            return data.GetValue(this.valueIndex[column][entry]);
        }
        var kind = node.LogicalType?.Kind;
        if (kind is LogicalTypeKind.List or LogicalTypeKind.Map && node.Children is [{ Repetition: Repetition.Repeated } repeated])
        {
            var items = (List<object?>)BuildField(repeated, starts, ends)!;
            return kind == LogicalTypeKind.Map ? ToMap(items, repeated) : UnwrapListElements(node, repeated, items);
        }
        var fields = new Dictionary<string, object?>(node.Children.Count);
        foreach (var child in node.Children)
        {
            fields[child.Name] = BuildField(child, starts, ends);
        }
        return fields;
    }

    /// <summary>
    /// Standard lists wrap each element in a one-field group; legacy two-level lists (a repeated
    /// primitive, a multi-field or annotated group, or a group named "array" or "&lt;list&gt;_tuple") do not.
    /// </summary>
    private static List<object?> UnwrapListElements(SchemaField list, SchemaField repeated, List<object?> items)
    {
        bool legacy = repeated.IsLeaf || repeated.Children.Count != 1 || repeated.LogicalType is not null
            || repeated.Name == "array" || repeated.Name == list.Name + "_tuple";
        if (legacy)
        {
            return items;
        }
        string element = repeated.Children[0].Name;
        for (int i = 0; i < items.Count; i++)
        {
            items[i] = AsStruct(items[i], repeated)[element];
        }
        return items;
    }

    private static List<KeyValuePair<object?, object?>> ToMap(List<object?> items, SchemaField keyValue)
    {
        var map = new List<KeyValuePair<object?, object?>>(items.Count);
        if (keyValue.IsLeaf)
        {
            foreach (var key in items)
            {
                map.Add(new(key, null));
            }
            return map;
        }
        string keyName = keyValue.Children[0].Name;
        string? valueName = keyValue.Children.Count > 1 ? keyValue.Children[1].Name : null;
        foreach (var item in items)
        {
            var entry = AsStruct(item, keyValue);
            map.Add(new(entry[keyName], valueName is null ? null : entry[valueName]));
        }
        return map;
    }

    private static Dictionary<string, object?> AsStruct(object? item, SchemaField field) =>
        item as Dictionary<string, object?> ?? throw new ParquetFormatException($"Field '{field.DottedPath}' does not have the group shape its LIST or MAP annotation requires.");

    /// <summary>Splits each leaf's slice into the elements of a repeated node (a new element starts at its repetition level).</summary>
    private IEnumerable<(int[] Starts, int[] Ends)> SplitElements((int Definition, int Repetition, int FirstLeaf, int LastLeaf) info, int[] starts, int[] ends)
    {
        var boundaries = new List<int>[info.LastLeaf - info.FirstLeaf + 1];
        for (int c = info.FirstLeaf; c <= info.LastLeaf; c++)
        {
            var list = boundaries[c - info.FirstLeaf] = [starts[c]];
            var repetitions = this.columns[c].RepetitionLevels;
            for (int i = starts[c] + 1; i < ends[c]; i++)
            {
                if (repetitions[i] <= info.Repetition)
                {
                    list.Add(i);
                }
            }
            if (list.Count != boundaries[0].Count)
            {
                throw new ParquetFormatException($"Columns under '{this.columns[c].Column}' disagree on the number of repeated elements.");
            }
        }
        for (int k = 0; k < boundaries[0].Count; k++)
        {
            var elementStarts = (int[])starts.Clone();
            var elementEnds = (int[])ends.Clone();
            for (int c = info.FirstLeaf; c <= info.LastLeaf; c++)
            {
                var list = boundaries[c - info.FirstLeaf];
                elementStarts[c] = list[k];
                elementEnds[c] = k + 1 < list.Count ? list[k + 1] : ends[c];
            }
            yield return (elementStarts, elementEnds);
        }
    }

    private int DefinitionAt(int column, int entry, int end)
    {
        var data = this.columns[column];
        if (entry >= end)
        {
            throw new ParquetFormatException($"Column '{data.Column}' has levels inconsistent with its schema.");
        }
        return data.Column.MaxDefinitionLevel == 0 ? 0 : data.DefinitionLevels[entry];
    }

    private (int Definition, int Repetition, int FirstLeaf, int LastLeaf) Describe(SchemaField node, int definition, int repetition)
    {
        if (node.Repetition != Repetition.Required)
        {
            definition++;
        }
        if (node.Repetition == Repetition.Repeated)
        {
            repetition++;
        }
        (int, int, int, int) info;
        if (node.IsLeaf)
        {
            info = (definition, repetition, node.Column!.Index, node.Column.Index);
        }
        else
        {
            int first = int.MaxValue, last = -1;
            foreach (var child in node.Children)
            {
                var childInfo = Describe(child, definition, repetition);
                first = Math.Min(first, childInfo.FirstLeaf);
                last = Math.Max(last, childInfo.LastLeaf);
            }
            info = (definition, repetition, first, last);
        }
        this.nodes[node] = info;
        return info;
    }

    private static List<int> RowStarts(ColumnData data)
    {
        var starts = new List<int>();
        if (data.Column.MaxRepetitionLevel == 0)
        {
            for (int i = 0; i < data.LevelCount; i++)
            {
                starts.Add(i);
            }
            return starts;
        }
        var repetitions = data.RepetitionLevels;
        for (int i = 0; i < repetitions.Length; i++)
        {
            if (repetitions[i] == 0)
            {
                starts.Add(i);
            }
        }
        return starts;
    }

    private static int[] BuildValueIndex(ColumnData data)
    {
        var index = new int[data.LevelCount];
        if (data.Column.MaxDefinitionLevel == 0)
        {
            for (int i = 0; i < index.Length; i++)
            {
                index[i] = i;
            }
            return index;
        }
        var definitions = data.DefinitionLevels;
        int max = data.Column.MaxDefinitionLevel;
        int next = 0;
        for (int i = 0; i < index.Length; i++)
        {
            index[i] = next;
            if (definitions[i] == max)
            {
                next++;
            }
        }
        return index;
    }
}
