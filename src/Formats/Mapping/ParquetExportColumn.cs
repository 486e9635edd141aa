using System.Buffers;
using System.Runtime.InteropServices;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Mapping;

/// <summary>
/// Collects one column's samples for a batch of rows and shreds them into Parquet levels and values.
/// A sample of rank r is r nested lists (required inner lists, required elements), so a row is null
/// only where the key is absent: definition levels go from 0 (absent) to 1 + r (an element).
/// </summary>
internal sealed class ParquetExportColumn
{
    private readonly ColumnSnapshot column;

    /// <summary>
    /// Bytes per sample of a fixed-shape ndarray column, whose rows are collected as content ids and
    /// read in one batch per row group (<see cref="ColumnReader.ReadBatch(ReadOnlyMemory{ObjectId}, Span{byte})"/>);
    /// null for the other columns, read sample by sample.
    /// </summary>
    private readonly int? fixedSize;
    private readonly List<ObjectId> fixedRows = [];

    /// <summary>The levels of one sample of a fixed-shape column: every present row has the same.</summary>
    private readonly short[] fixedDefinitions = [];
    private readonly short[] fixedRepetitions = [];
    private readonly int? width;
    private readonly bool int96;
    private readonly bool stringList;
    private readonly int rank;
    private readonly ArrayBufferWriter<byte> bytes = new();
    private readonly List<short> definitions = [];
    private readonly List<short> repetitions = [];
    private BinaryValues binary = new();
    private int values;

    public ParquetExportColumn(ColumnSnapshot column, string name, ParquetAnnotation? annotation)
    {
        this.column = column;
        var schema = column.Schema;
        this.stringList = schema.Kind == ColumnKind.Bytes && annotation?.IsStringList == true;
        this.rank = schema.Kind == ColumnKind.NDArray ? schema.Shape.Count : this.stringList ? 1 : 0;
        string leafName = this.rank == 0 ? name : "element";
        var repetition = this.rank == 0 ? Repetition.Optional : Repetition.Required;
        var leaf = annotation?.Field(column.Path, leafName, schema, repetition) ?? ParquetTypeMap.FromTessera(leafName, schema, repetition)
            ?? throw new InvalidInputException(ErrorCode.DTypeMismatch, $"Parquet has no type for {schema.DType!.Value.Name()} (column {name}). Export the column to .npy or .npz instead, or leave it out.");
        for (int level = this.rank - 1; level >= 1; level--)
            leaf = SchemaField.List("element", leaf, Repetition.Required);
        this.Field = this.rank == 0 ? leaf : SchemaField.List(name, leaf, Repetition.Optional);
        this.width = annotation?.LogicalType is null ? null : annotation.FixedWidth;
        this.int96 = leaf.PhysicalType == PhysicalType.Int96;
        if (schema.Kind == ColumnKind.NDArray && !schema.VariableShape && schema.ElementCount > 0)
        {
            this.fixedSize = checked((int)(schema.ElementCount * schema.DType!.Value.ItemSize()));
            if (this.rank == 0)
                this.Level(1, 0);
            else
                this.ListLevels(schema.Shape);
            this.fixedDefinitions = [.. this.definitions];
            this.fixedRepetitions = [.. this.repetitions];
            this.definitions.Clear();
            this.repetitions.Clear();
        }
    }

    public SchemaField Field { get; }

    /// <summary>Appends one row of a column read sample by sample: the sample with content id <paramref name="id"/>, or null where it is zero; returns the sample's bytes.</summary>
    private int Add(ObjectId id)
    {
        if (id.IsZero)
        {
            this.Level(0, 0);
            return 0;
        }
        if (this.column.Schema.Kind != ColumnKind.NDArray)
        {
            Span<byte> scratch = stackalloc byte[ObjectId.Size];
            return this.AddBinary(this.column.ReadData(id, scratch));
        }
        var sample = this.column.Read(id);
        this.Add(sample);
        return sample.Bytes.Length;
    }

    /// <summary>Appends one row per id, as <see cref="Add(ObjectId)"/> does; returns the samples' bytes and counts the ids that are not zero into <paramref name="samples"/>.</summary>
    public long AddRange(ReadOnlySpan<ObjectId> ids, ref long samples)
    {
        long bytes = 0;
        if (this.fixedSize is { } size)
        {
            this.fixedRows.AddRange(ids);
            int present = 0;
            foreach (var id in ids)
            {
                if (!id.IsZero)
                    present++;
            }
            samples += present;
            return (long)present * size;
        }
        foreach (var id in ids)
        {
            bytes += this.Add(id);
            if (!id.IsZero)
                samples++;
        }
        return bytes;
    }

    /// <summary>
    /// At least as many bytes as <see cref="AddRange"/> would count for <paramref name="ids"/>, without
    /// reading a sample; <see cref="long.MaxValue"/> when that is not known (a sample stored on its own).
    /// </summary>
    public long MostBytes(ReadOnlySpan<ObjectId> ids)
    {
        if (this.fixedSize is { } size)
            return (long)size * ids.Length;
        // A run item, a short text (or a short array), is bounded as an inline one is: its encoding is at most 256 bytes.
        foreach (var id in ids)
        {
            if (!id.IsZero && !id.IsInlineSample && !id.IsRunSample)
                return long.MaxValue;
        }
        return (long)RunItemMostBytes * ids.Length;
    }

    /// <summary>The most bytes of a run item's encoding (format section 3.6), more than any text it holds.</summary>
    private const int RunItemMostBytes = 256;

    /// <summary>A str or bytes sample: one value, or a list of strings.</summary>
    private int AddBinary(ReadOnlySpan<byte> data)
    {
        if (this.stringList)
        {
            int count = ParquetStringList.Decode(data, this.binary, this.column.Path);
            this.values += count;
            this.ListLevels([count]);
            return data.Length;
        }
        if (this.width is { } width && data.Length != width)
        {
            throw new InvalidInputException(ErrorCode.InvalidArgument,
                $"A sample of {this.column.Path} has {data.Length} bytes, but its '{ParquetAnnotation.AttributeKey}' attribute asks for {width}-byte values. Fix the sample, or remove the attribute to export plain bytes.");
        }
        this.binary.Add(data);
        this.values++;
        this.Level(1, 0);
        return data.Length;
    }

    /// <summary>An ndarray sample of a column of variable shape.</summary>
    private void Add(Sample sample)
    {
        this.bytes.Write(sample.Bytes.Span);
        this.values += checked((int)sample.ElementCount);
        if (this.rank == 0)
            this.Level(1, 0);
        else
            this.ListLevels(sample.Shape);
    }

    /// <summary>
    /// The batch as Parquet column data, made by the function returned, and a fresh start for the
    /// next batch. Large arrays come from <paramref name="arrays"/>, to be given back once the data
    /// is written. A fixed-shape column's samples are read when the function is called: an export
    /// calls it on its writing thread, which would otherwise wait for the thread gathering rows.
    /// </summary>
    public Func<ColumnData> Flush(ColumnDescriptor column, ArrayRecycler.Lease arrays)
    {
        if (this.fixedSize is { } size)
        {
            var rows = arrays.Rent<ObjectId>(this.fixedRows.Count);
            int count = this.fixedRows.Count;
            this.fixedRows.CopyTo(rows);
            this.fixedRows.Clear();
            return () => this.FlushFixed(column, size, rows, count, arrays);
        }
        object values = this.column.Schema.Kind == ColumnKind.NDArray ? this.PhysicalValues(this.bytes.WrittenSpan) : this.int96 ? Int96s(this.binary) : this.binary;
        var data = new ColumnData(column, values, this.values, [.. this.definitions], this.rank == 0 ? null : [.. this.repetitions], this.definitions.Count);
        this.bytes.Clear();
        this.definitions.Clear();
        this.repetitions.Clear();
        // Sized as this batch: grown from empty, each batch's strings left a trail of doubled large arrays.
        this.binary = new BinaryValues(Math.Max(16, this.binary.Count), Math.Max(256, this.binary.ByteLength));
        this.values = 0;
        return () => data;
    }

    /// <summary>
    /// The first <paramref name="rowCount"/> <paramref name="rows"/> of a fixed-shape column: their
    /// samples read in one batch, each present row given the same levels. The present rows' ids are
    /// moved to the front of <paramref name="rows"/>.
    /// </summary>
    private ColumnData FlushFixed(ColumnDescriptor descriptor, int size, ObjectId[] rows, int rowCount, ArrayRecycler.Lease arrays)
    {
        int count = 0;
        for (int r = 0; r < rowCount; r++)
        {
            if (!rows[r].IsZero)
                count++;
        }
        int levelCount = (count * this.fixedDefinitions.Length) + (rowCount - count);
        var definitions = arrays.Rent<short>(levelCount);
        var repetitions = this.rank == 0 ? null : arrays.Rent<short>(levelCount);
        bool uniform = count == rowCount && count > 0;
        if (uniform)
        {
            Repeat(this.fixedDefinitions, definitions.AsSpan(0, levelCount));
            if (repetitions is not null)
                Repeat(this.fixedRepetitions, repetitions.AsSpan(0, levelCount));
        }
        else
        {
            // Present rows' ids move to the front; an absent row is one null level.
            int present = 0, level = 0;
            for (int r = 0; r < rowCount; r++)
            {
                var id = rows[r];
                if (id.IsZero)
                {
                    definitions[level] = 0;
                    if (repetitions is not null)
                        repetitions[level] = 0;
                    level++;
                    continue;
                }
                rows[present++] = id;
                this.fixedDefinitions.CopyTo(definitions, level);
                if (repetitions is not null)
                    this.fixedRepetitions.CopyTo(repetitions, level);
                level += this.fixedDefinitions.Length;
            }
        }
        var batch = rows.AsMemory(0, count);
        int elements = checked((int)(count * this.column.Schema.ElementCount));
        object values = this.column.Schema.DType!.Value switch
        {
            DType.Bool => this.ReadInto<bool>(batch, elements, arrays),
            DType.Int32 or DType.UInt32 => this.ReadInto<int>(batch, elements, arrays),
            DType.Int64 or DType.UInt64 => this.ReadInto<long>(batch, elements, arrays),
            DType.Float32 => this.ReadInto<float>(batch, elements, arrays),
            DType.Float64 => this.ReadInto<double>(batch, elements, arrays),
            _ => this.PhysicalValues(this.ReadInto<byte>(batch, count * size, arrays).AsSpan(0, count * size)),
        };
        return new ColumnData(descriptor, values, elements, definitions, repetitions, levelCount)
        {
            // Every row present: every row has the same levels, which the writer need not walk.
            UniformRowLevels = uniform && values is not BinaryValues ? this.fixedDefinitions.Length : 0,
        };
    }

    /// <summary>Fills <paramref name="target"/> with copies of <paramref name="pattern"/>, doubling what is filled with each copy.</summary>
    private static void Repeat(short[] pattern, Span<short> target)
    {
        pattern.AsSpan(0, Math.Min(pattern.Length, target.Length)).CopyTo(target);
        for (int filled = pattern.Length; filled < target.Length; filled *= 2)
            target[..Math.Min(filled, target.Length - filled)].CopyTo(target[filled..]);
    }

    /// <summary>The samples of <paramref name="ids"/> as <paramref name="elements"/> values of their physical type.</summary>
    private T[] ReadInto<T>(ReadOnlyMemory<ObjectId> ids, int elements, ArrayRecycler.Lease arrays) where T : unmanaged
    {
        var array = arrays.Rent<T>(elements);
        this.column.ReadBatch(ids, MemoryMarshal.AsBytes(array.AsSpan(0, elements)));
        return array;
    }

    /// <summary>
    /// One level entry per element in C order; the repetition level is 1 + the outermost dimension
    /// whose index moved. An empty dimension ends the walk there: one entry per list that is empty.
    /// </summary>
    private void ListLevels(IReadOnlyList<int> shape)
    {
        int walked = 0;
        while (walked < shape.Count && shape[walked] > 0)
            walked++;
        short definition = (short)(1 + walked);
        Span<int> index = stackalloc int[walked];
        short repetition = 0;
        while (true)
        {
            this.Level(definition, repetition);
            int d = walked - 1;
            while (d >= 0 && ++index[d] == shape[d])
                index[d--] = 0;
            if (d < 0)
                return;
            repetition = (short)(d + 1);
        }
    }

    private void Level(short definition, short repetition)
    {
        this.definitions.Add(definition);
        if (this.rank > 0)
            this.repetitions.Add(repetition);
    }

    /// <summary>The collected element bytes as the physical type's array.</summary>
    private object PhysicalValues(ReadOnlySpan<byte> span)
    {
        switch (this.column.Schema.DType!.Value)
        {
            case DType.Bool:
                return MemoryMarshal.Cast<byte, bool>(span).ToArray();
            case DType.Int8:
                return Widen(MemoryMarshal.Cast<byte, sbyte>(span), v => v);
            case DType.Int16:
                return Widen(MemoryMarshal.Cast<byte, short>(span), v => v);
            case DType.UInt8:
                return Widen(span, v => v);
            case DType.UInt16:
                return Widen(MemoryMarshal.Cast<byte, ushort>(span), v => v);
            case DType.Int32 or DType.UInt32:
                return MemoryMarshal.Cast<byte, int>(span).ToArray();
            case DType.Int64 or DType.UInt64:
                return MemoryMarshal.Cast<byte, long>(span).ToArray();
            case DType.Float32:
                return MemoryMarshal.Cast<byte, float>(span).ToArray();
            case DType.Float64:
                return MemoryMarshal.Cast<byte, double>(span).ToArray();
            default:
                var halves = new BinaryValues(this.values, span.Length);
                for (int i = 0; i < span.Length; i += 2)
                    halves.Add(span.Slice(i, 2));
                return halves;
        }
    }

    private static Int96[] Int96s(BinaryValues values)
    {
        var result = new Int96[values.Count];
        for (int i = 0; i < result.Length; i++)
            result[i] = Int96.Read(values[i]);
        return result;
    }

    private static int[] Widen<T>(ReadOnlySpan<T> source, Func<T, int> widen)
    {
        var result = new int[source.Length];
        for (int i = 0; i < source.Length; i++)
            result[i] = widen(source[i]);
        return result;
    }
}
