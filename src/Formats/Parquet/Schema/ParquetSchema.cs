using Tessera.Formats.Parquet.Metadata;

namespace Tessera.Formats.Parquet.Schema;

/// <summary>The schema tree of a file and its leaf columns in file order.</summary>
public sealed class ParquetSchema
{
    private const int MaxNestingDepth = 100;

    /// <summary>Builds a schema for writing from the root's top-level fields.</summary>
    public ParquetSchema(IEnumerable<SchemaField> fields, string rootName = "schema")
    {
        Root = SchemaField.Group(rootName, Repetition.Required, fields);
        Columns = AssignColumns(Root);
    }

    private ParquetSchema(SchemaField root)
    {
        Root = root;
        Columns = AssignColumns(root);
    }

    public SchemaField Root { get; }
    public IReadOnlyList<ColumnDescriptor> Columns { get; }

    /// <summary>Finds a leaf column by its dotted path, or null.</summary>
    public ColumnDescriptor? FindColumn(string dottedPath)
    {
        foreach (var column in Columns)
        {
            if (column.DottedPath == dottedPath)
            {
                return column;
            }
        }
        return null;
    }

    /// <summary>Rebuilds the tree from the footer's depth-first element list, validating its shape.</summary>
    internal static ParquetSchema FromElements(IReadOnlyList<SchemaElement> elements)
    {
        if (elements.Count == 0)
        {
            throw new ParquetFormatException("The file schema is empty.");
        }
        int position = 0;
        var root = ReadNode(elements, ref position, 0);
        if (position != elements.Count)
        {
            throw new ParquetFormatException($"The file schema has {elements.Count - position} elements outside the root's children.");
        }
        if (root.IsLeaf)
        {
            throw new ParquetFormatException("The file schema root is not a group.");
        }
        return new ParquetSchema(root);
    }

    private static SchemaField ReadNode(IReadOnlyList<SchemaElement> elements, ref int position, int depth)
    {
        if (depth > MaxNestingDepth)
        {
            throw new ParquetFormatException($"The file schema nests deeper than {MaxNestingDepth} levels.");
        }
        if (position >= elements.Count)
        {
            throw new ParquetFormatException("The file schema declares more children than it has elements.");
        }
        var element = elements[position++];
        int childCount = element.NumChildren ?? 0;
        if (childCount < 0 || childCount > elements.Count - position)
        {
            throw new ParquetFormatException($"Schema element '{element.Name}' declares {childCount} children, more than the schema holds.");
        }
        if (childCount == 0 && depth > 0)
        {
            if (element.Type is not { } type || !Enum.IsDefined(type))
            {
                throw new ParquetFormatException($"Schema leaf '{element.Name}' has no valid physical type.");
            }
            if (type == PhysicalType.FixedLenByteArray && element.TypeLength is not > 0)
            {
                throw new ParquetFormatException($"FIXED_LEN_BYTE_ARRAY column '{element.Name}' has no positive type_length.");
            }
        }
        if (element.Repetition is { } repetition && !Enum.IsDefined(repetition))
        {
            throw new ParquetFormatException($"Schema element '{element.Name}' has an invalid repetition {(int)repetition}.");
        }
        var node = SchemaField.FromElement(element, LogicalTypes.Resolve(element));
        if (depth == 0 && childCount == 0)
        {
            return node;
        }
        for (int i = 0; i < childCount; i++)
        {
            node.AddChild(ReadNode(elements, ref position, depth + 1));
        }
        return node;
    }

    /// <summary>Flattens the tree into footer elements (depth first), adding legacy converted types.</summary>
    internal List<SchemaElement> ToElements()
    {
        var elements = new List<SchemaElement>();
        AddElements(Root, elements, isRoot: true);
        return elements;
    }

    private static void AddElements(SchemaField field, List<SchemaElement> elements, bool isRoot)
    {
        var converted = field.ConvertedType ?? LogicalTypes.ToConvertedType(field.LogicalType);
        elements.Add(new SchemaElement
        {
            Name = field.Name,
            Type = field.PhysicalType,
            TypeLength = field.PhysicalType == PhysicalType.FixedLenByteArray ? field.TypeLength : null,
            Repetition = isRoot ? null : field.Repetition,
            NumChildren = field.IsLeaf ? null : field.Children.Count,
            ConvertedType = converted,
            Scale = field.LogicalType?.Kind == LogicalTypeKind.Decimal ? field.LogicalType.Scale : null,
            Precision = field.LogicalType?.Kind == LogicalTypeKind.Decimal ? field.LogicalType.Precision : null,
            FieldId = field.FieldId,
            LogicalType = field.LogicalType,
        });
        foreach (var child in field.Children)
        {
            AddElements(child, elements, isRoot: false);
        }
    }

    private static List<ColumnDescriptor> AssignColumns(SchemaField root)
    {
        var columns = new List<ColumnDescriptor>();
        foreach (var child in root.Children)
        {
            Visit(child, [], 0, 0, columns);
        }
        if (columns.Count == 0)
        {
            throw new ParquetFormatException("The schema has no leaf columns.");
        }
        return columns;
    }

    private static void Visit(SchemaField field, List<string> path, int definition, int repetition, List<ColumnDescriptor> columns)
    {
        path.Add(field.Name);
        if (field.Repetition != Repetition.Required)
        {
            definition++;
        }
        if (field.Repetition == Repetition.Repeated)
        {
            repetition++;
        }
        if (field.IsLeaf)
        {
            field.Column = new ColumnDescriptor(field, columns.Count, [.. path], definition, repetition);
            columns.Add(field.Column);
        }
        else
        {
            if (field.Children.Count == 0)
            {
                throw new ParquetFormatException($"Group '{field.Name}' has no children.");
            }
            foreach (var child in field.Children)
            {
                Visit(child, path, definition, repetition, columns);
            }
        }
        path.RemoveAt(path.Count - 1);
    }
}
