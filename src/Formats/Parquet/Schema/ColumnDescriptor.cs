using Tessera.Formats.Parquet.Metadata;

namespace Tessera.Formats.Parquet.Schema;

/// <summary>
/// A leaf column: its field, path and the maximum definition and repetition levels that
/// Dremel shredding gives it (one definition level per optional or repeated ancestor,
/// one repetition level per repeated ancestor, the leaf included).
/// </summary>
public sealed class ColumnDescriptor
{
    internal ColumnDescriptor(SchemaField field, int index, string[] path, int maxDefinitionLevel, int maxRepetitionLevel)
    {
        Field = field;
        Index = index;
        Path = path;
        MaxDefinitionLevel = maxDefinitionLevel;
        MaxRepetitionLevel = maxRepetitionLevel;
    }

    public SchemaField Field { get; }
    /// <summary>Position among the schema's leaf columns (the column chunk index in a row group).</summary>
    public int Index { get; }
    public IReadOnlyList<string> Path { get; }
    public int MaxDefinitionLevel { get; }
    public int MaxRepetitionLevel { get; }
    public PhysicalType PhysicalType => Field.PhysicalType!.Value;
    public int TypeLength => Field.TypeLength;

    public string DottedPath => string.Join('.', Path);

    public override string ToString() => DottedPath;
}
