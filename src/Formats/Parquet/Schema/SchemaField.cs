using Tessera.Formats.Parquet.Metadata;

namespace Tessera.Formats.Parquet.Schema;

/// <summary>
/// A node of the schema tree: a group (with children) or a primitive leaf (with a physical type).
/// <see cref="LogicalType"/> is always filled in when either a logical or a legacy converted type is present.
/// </summary>
public sealed class SchemaField
{
    private readonly List<SchemaField> children = [];

    private SchemaField(string name, Repetition repetition)
    {
        Name = name;
        Repetition = repetition;
    }

    public string Name { get; }
    public Repetition Repetition { get; }
    public PhysicalType? PhysicalType { get; private init; }
    /// <summary>Byte width of FIXED_LEN_BYTE_ARRAY values; 0 otherwise.</summary>
    public int TypeLength { get; private init; }
    public LogicalType? LogicalType { get; private init; }
    public ConvertedType? ConvertedType { get; private init; }
    public int? FieldId { get; private init; }
    public IReadOnlyList<SchemaField> Children => this.children;
    public SchemaField? Parent { get; private set; }
    public bool IsLeaf => PhysicalType is not null;
    /// <summary>The leaf column this field is, or null for groups.</summary>
    public ColumnDescriptor? Column { get; internal set; }

    /// <summary>A primitive (leaf) field.</summary>
    public static SchemaField Primitive(string name, PhysicalType type, Repetition repetition,
        LogicalType? logicalType = null, int typeLength = 0, ConvertedType? convertedType = null, int? fieldId = null)
    {
        if (type == Metadata.PhysicalType.FixedLenByteArray && typeLength <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(typeLength), "FIXED_LEN_BYTE_ARRAY needs a positive type length.");
        }
        return new SchemaField(name, repetition)
        {
            PhysicalType = type,
            TypeLength = typeLength,
            LogicalType = logicalType,
            ConvertedType = convertedType,
            FieldId = fieldId,
        };
    }

    /// <summary>A group field holding <paramref name="children"/>.</summary>
    public static SchemaField Group(string name, Repetition repetition, IEnumerable<SchemaField> children,
        LogicalType? logicalType = null, ConvertedType? convertedType = null, int? fieldId = null)
    {
        var group = new SchemaField(name, repetition) { LogicalType = logicalType, ConvertedType = convertedType, FieldId = fieldId };
        foreach (var child in children)
        {
            group.AddChild(child);
        }
        return group;
    }

    /// <summary>
    /// The standard three-level LIST: <c>&lt;repetition&gt; group name (LIST) { repeated group list { element } }</c>.
    /// The element field must be named "element".
    /// </summary>
    public static SchemaField List(string name, SchemaField element, Repetition repetition = Repetition.Optional)
    {
        if (element.Name != "element")
        {
            throw new ArgumentException("A LIST element field must be named \"element\".", nameof(element));
        }
        var list = Group("list", Repetition.Repeated, [element]);
        return Group(name, repetition, [list], Metadata.LogicalType.List);
    }

    /// <summary>The dotted path from the root (excluded) to this field.</summary>
    public string DottedPath => Parent is null || Parent.Parent is null ? Name : Parent.DottedPath + "." + Name;

    internal void AddChild(SchemaField child)
    {
        if (child.Parent is not null)
        {
            throw new ArgumentException($"Field '{child.Name}' already belongs to a group.", nameof(child));
        }
        child.Parent = this;
        this.children.Add(child);
    }

    internal static SchemaField FromElement(SchemaElement element, LogicalType? logicalType)
    {
        return new SchemaField(element.Name, element.Repetition ?? Repetition.Required)
        {
            PhysicalType = element.NumChildren is > 0 ? null : element.Type,
            TypeLength = element.TypeLength ?? 0,
            LogicalType = logicalType,
            ConvertedType = element.ConvertedType,
            FieldId = element.FieldId,
        };
    }

    public override string ToString() => IsLeaf
        ? $"{Repetition} {PhysicalType} {Name}{(LogicalType is null ? "" : $" ({LogicalType.Kind})")}"
        : $"{Repetition} group {Name}{(LogicalType is null ? "" : $" ({LogicalType.Kind})")}";
}
