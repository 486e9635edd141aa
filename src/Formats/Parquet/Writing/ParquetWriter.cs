using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Parquet.Writing;

/// <summary>
/// Writes a Parquet file: call <see cref="WriteRowGroup"/> for each batch of columns (batches larger
/// than <see cref="ParquetWriterOptions.MaxRowsPerRowGroup"/> are split), then dispose to write the footer.
/// Only the batch being written is held in memory.
/// </summary>
public sealed class ParquetWriter : IDisposable
{
    private readonly Stream stream;
    private readonly bool leaveOpen;
    private readonly ParquetSchema schema;
    private readonly ParquetWriterOptions options;
    private readonly List<RowGroupMetadata> rowGroups = [];
    private readonly PageBuffers buffers = new();
    private bool finished;

    private ParquetWriter(Stream stream, ParquetSchema schema, ParquetWriterOptions options, bool leaveOpen)
    {
        if (options.MaxRowsPerRowGroup <= 0 || options.MaxPageBytes <= 0)
        {
            throw new ArgumentException("Row group and page size bounds must be positive.", nameof(options));
        }
        this.stream = stream;
        this.schema = schema;
        this.options = options;
        this.leaveOpen = leaveOpen;
        this.stream.Write("PAR1"u8);
    }

    public static ParquetWriter Create(string path, ParquetSchema schema, ParquetWriterOptions? options = null) =>
        new(new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None), schema, options ?? new ParquetWriterOptions(), leaveOpen: false);

    /// <summary>
    /// Writes to a stream from its start: a seekable stream's position gives the page offsets; a stream that cannot
    /// seek (a pipe) is only appended to, its position counted from the bytes written.
    /// </summary>
    public static ParquetWriter Create(Stream stream, ParquetSchema schema, ParquetWriterOptions? options = null, bool leaveOpen = false)
    {
        if (!stream.CanWrite)
        {
            throw new ArgumentException("Writing Parquet needs a writable stream.", nameof(stream));
        }
        return stream.CanSeek
            ? new(stream, schema, options ?? new ParquetWriterOptions(), leaveOpen)
            : new(new PositionCountingStream(stream, leaveOpen), schema, options ?? new ParquetWriterOptions(), leaveOpen: false);
    }

    /// <summary>Writes one batch: one <see cref="ColumnData"/> per schema column, in schema order, all with the same rows.</summary>
    public void WriteRowGroup(IReadOnlyList<ColumnData> columns)
    {
        ObjectDisposedException.ThrowIf(this.finished, this);
        if (columns.Count != this.schema.Columns.Count)
        {
            throw new ArgumentException($"The schema has {this.schema.Columns.Count} columns but {columns.Count} were given.", nameof(columns));
        }
        var rowIndexes = new RowIndex[columns.Count];
        for (int c = 0; c < columns.Count; c++)
        {
            if (columns[c].Column != this.schema.Columns[c])
            {
                throw new ArgumentException($"Column {c} is '{columns[c].Column}', not the schema's '{this.schema.Columns[c]}'.", nameof(columns));
            }
            rowIndexes[c] = RowIndex.Build(columns[c], this.options.MaxRowsPerRowGroup);
            if (rowIndexes[c].RowCount != rowIndexes[0].RowCount)
            {
                throw new ArgumentException($"Column '{columns[c].Column}' has {rowIndexes[c].RowCount} rows but '{columns[0].Column}' has {rowIndexes[0].RowCount}.", nameof(columns));
            }
        }
        int rows = rowIndexes[0].RowCount;
        for (int start = 0; start < rows || (start == 0 && rows == 0); start += this.options.MaxRowsPerRowGroup)
        {
            int end = (int)Math.Min(rows, (long)start + this.options.MaxRowsPerRowGroup);
            WriteOneRowGroup(columns, rowIndexes, start, end);
            if (rows == 0)
            {
                break;
            }
        }
    }

    private void WriteOneRowGroup(IReadOnlyList<ColumnData> columns, RowIndex[] rowIndexes, int rowStart, int rowEnd)
    {
        var group = new RowGroupMetadata { NumRows = rowEnd - rowStart };
        for (int c = 0; c < columns.Count; c++)
        {
            var index = rowIndexes[c];
            var chunk = ColumnChunkWriter.Write(this.stream, columns[c],
                index.LevelStart(rowStart), index.LevelStart(rowEnd), index.ValueStart(rowStart), index.ValueStart(rowEnd), this.options, this.buffers);
            group.Columns.Add(chunk);
            group.TotalByteSize += chunk.TotalUncompressedSize;
        }
        this.rowGroups.Add(group);
    }

    /// <summary>Writes the footer; the file is complete afterwards.</summary>
    public void Dispose()
    {
        if (this.finished)
        {
            return;
        }
        this.finished = true;
        var metadata = new FileMetadata
        {
            Schema = this.schema.ToElements(),
            NumRows = this.rowGroups.Sum(g => g.NumRows),
            RowGroups = this.rowGroups,
            KeyValueMetadata = [.. this.options.KeyValueMetadata],
            CreatedBy = this.options.CreatedBy,
            HasTypeDefinedColumnOrders = true,
        };
        byte[] footer = MetadataWriter.WriteFileMetadata(metadata);
        this.stream.Write(footer);
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, footer.Length);
        this.stream.Write(length);
        this.stream.Write("PAR1"u8);
        this.stream.Flush();
        if (!this.leaveOpen)
        {
            this.stream.Dispose();
        }
    }

    /// <summary>
    /// Where the row groups a batch is split into start in a column's levels and values: only at
    /// every <see cref="ParquetWriterOptions.MaxRowsPerRowGroup"/>-th row, so that a batch costs
    /// no list of all its rows (at most one row group in the usual case).
    /// </summary>
    private sealed class RowIndex
    {
        private readonly List<int> levelStarts = [];
        private readonly List<int> valueStarts = [];
        private readonly int step;
        private readonly int levelCount;
        private readonly int valueCount;

        private RowIndex(int step, int rowCount, int levelCount, int valueCount)
        {
            this.step = step;
            RowCount = rowCount;
            this.levelCount = levelCount;
            this.valueCount = valueCount;
        }

        public int RowCount { get; }

        /// <summary>The first level of <paramref name="row"/>: a multiple of the step, or the row count for the end.</summary>
        public int LevelStart(int row) => row == RowCount ? this.levelCount : this.levelStarts[row / this.step];

        public int ValueStart(int row) => row == RowCount ? this.valueCount : this.valueStarts[row / this.step];

        public static RowIndex Build(ColumnData data, int step)
        {
            var definitions = data.DefinitionLevels;
            var repetitions = data.RepetitionLevels;
            if (!repetitions.IsEmpty && repetitions[0] != 0)
            {
                throw new ArgumentException($"Column '{data.Column}' must start a row: its first repetition level is {repetitions[0]}.");
            }
            var rows = UniformRows.Of(data);
            short max = (short)data.Column.MaxDefinitionLevel;
            int values = rows is { } alike ? alike.ValuesIn(data.LevelCount) : max == 0 ? data.LevelCount : definitions.Count(max);
            if (values != data.ValueCount)
            {
                throw new ArgumentException($"Column '{data.Column}' has {data.ValueCount} values but its levels define {values}.");
            }
            int rowCount = rows?.RowsIn(data.LevelCount) ?? (repetitions.IsEmpty ? data.LevelCount : repetitions.Count((short)0));
            var index = new RowIndex(step, rowCount, data.LevelCount, values);
            if (index.RowCount <= step || rows is not null)
            {
                for (int row = 0; row < Math.Max(1, index.RowCount); row += step)
                {
                    index.levelStarts.Add(rows?.Levels * row ?? 0);
                    index.valueStarts.Add(rows?.Values * row ?? 0);
                }
                return index;
            }
            // More than one row group: walk the levels for the first level and value of each.
            for (int level = 0, row = 0, value = 0; level < data.LevelCount; level++)
            {
                if (repetitions.IsEmpty || repetitions[level] == 0)
                {
                    if (row % step == 0)
                    {
                        index.levelStarts.Add(level);
                        index.valueStarts.Add(value);
                    }
                    row++;
                }
                if (max == 0 || definitions[level] == max)
                {
                    value++;
                }
            }
            return index;
        }
    }
}
