using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Mapping;

/// <summary>The Parquet column whose values are the sample keys: integers, strings, or Tessera's mixed key syntax.</summary>
internal sealed class ImportedKey
{
    private readonly KeyEncoding encoding;

    /// <summary>The keys of the rows read so far, to refuse a repeat.</summary>
    private readonly KeySet seen;

    private ImportedKey(string name, ColumnDescriptor leaf, KeyEncoding encoding)
    {
        this.Name = name;
        this.Leaf = leaf;
        this.encoding = encoding;
        this.seen = new KeySet(name);
    }

    public string Name { get; }

    public ColumnDescriptor Leaf { get; }

    /// <summary>The key column <paramref name="field"/>; <paramref name="declared"/> is the encoding Tessera's metadata names, if any.</summary>
    public static ImportedKey Of(SchemaField field, KeyEncoding? declared)
    {
        if (ParquetNesting.Of(field) is not { Rank: 0 } nesting)
            throw new InvalidInputException(ErrorCode.InvalidKey, $"Key column '{field.Name}' is a list or a group; keys come from an integer or string column. Pick another with --key.");
        var leaf = nesting.Leaf;
        var logical = leaf.Field.LogicalType;
        bool integer = leaf.PhysicalType is PhysicalType.Int32 or PhysicalType.Int64
            && (logical is null || (logical.Kind == LogicalTypeKind.Integer && (logical.IsSigned || logical.BitWidth < 64)));
        bool text = leaf.PhysicalType == PhysicalType.ByteArray && logical?.Kind is LogicalTypeKind.String or LogicalTypeKind.Enum;
        if (!integer && !text)
            throw new InvalidInputException(ErrorCode.InvalidKey, $"Key column '{field.Name}' holds {leaf.PhysicalType} values; keys come from an integer or string column. Pick another with --key.");
        var encoding = text ? (declared == KeyEncoding.Mixed ? KeyEncoding.Mixed : KeyEncoding.Str) : KeyEncoding.Int;
        return new ImportedKey(field.Name, leaf, encoding);
    }

    /// <summary>The keys of a row group's rows (row groups in order), refusing nulls, bad keys and keys of earlier rows.</summary>
    public SampleKey[] Keys(ColumnData data, int rows, long firstRow)
    {
        var seen = this.seen;
        var keys = seen.NewBatch(rows);
        var definitions = data.DefinitionLevels;
        if (this.encoding == KeyEncoding.Int && definitions.IsEmpty && data.Column.PhysicalType == PhysicalType.Int64
            && seen.AddIncreasing(data.Span<long>()[..rows]))
        {
            return keys;
        }
        int next = 0;
        for (int r = 0; r < rows; r++)
        {
            long row = firstRow + r;
            if (!definitions.IsEmpty && definitions[r] == 0)
                throw seen.NullAt(row);
            int i = next++;
            keys[r] = this.encoding switch
            {
                KeyEncoding.Int => seen.FromInt(data.Column.PhysicalType == PhysicalType.Int32 ? IntValue(data, i) : data.Span<long>()[i], row),
                KeyEncoding.Str => seen.FromString(data.Binary.GetString(i), row),
                _ => seen.Add(this.ParseMixed(data.Binary.GetString(i), row), row),
            };
        }
        return keys;
    }

    private static long IntValue(ColumnData data, int i)
    {
        int raw = data.Span<int>()[i];
        return data.Column.Field.LogicalType is { IsSigned: false } ? (uint)raw : raw;
    }

    private SampleKey ParseMixed(string text, long row)
    {
        try
        {
            return SampleKey.Parse(text);
        }
        catch (InvalidInputException e)
        {
            throw new InvalidFileException($"Key column '{this.Name}' holds '{text}' at row {row}: {e.Message}");
        }
    }
}
