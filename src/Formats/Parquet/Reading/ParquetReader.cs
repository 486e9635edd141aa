using System.Buffers.Binary;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Parquet.Reading;

/// <summary>
/// Reads a Parquet file one column chunk or row group at a time. Opening reads only the footer;
/// memory use is bounded by the largest row group read, never the whole file. Column chunks may be
/// read from several threads at once (decoding runs in parallel; only the file reads take turns).
/// </summary>
public sealed class ParquetReader : IDisposable
{
    private static ReadOnlySpan<byte> Magic => "PAR1"u8;
    private static ReadOnlySpan<byte> EncryptedMagic => "PARE"u8;

    private readonly Stream stream;
    private readonly bool leaveOpen;
    private readonly ParquetReaderOptions options;
    private readonly long dataEnd;
    private readonly Lock streamLock = new();
    private readonly KeptArrays chunkBuffers = new(maxKept: 4);
    private readonly KeptArrays decodedArrays = new(maxKept: 16);

    private ParquetReader(Stream stream, bool leaveOpen, ParquetReaderOptions options)
    {
        this.stream = stream;
        this.leaveOpen = leaveOpen;
        this.options = options;
        (Metadata, this.dataEnd) = ReadFooter(stream);
        Schema = ParquetSchema.FromElements(Metadata.Schema);
        ValidateRowGroups();
    }

    public FileMetadata Metadata { get; }
    public ParquetSchema Schema { get; }
    public IReadOnlyList<KeyValuePair<string, string?>> KeyValueMetadata => Metadata.KeyValueMetadata;
    public IReadOnlyList<RowGroupMetadata> RowGroups => Metadata.RowGroups;

    /// <summary>
    /// Lets go of the buffers kept for reading the next chunks: a caller that bounds its memory
    /// between large row groups (an import) would otherwise keep a row group's worth of them.
    /// </summary>
    public void ReleaseBuffers()
    {
        this.chunkBuffers.Clear();
        this.decodedArrays.Clear();
    }

    /// <summary>
    /// Hands back a chunk's value and level arrays for the next chunks to decode into: its caller
    /// is done with <paramref name="data"/> and no longer reads it. An import of 2,000,000 rows
    /// decoded ~300 MB into fresh arrays otherwise, a page fault per 4 KB.
    /// </summary>
    internal void Recycle(ColumnData data)
    {
        if (data.Values is Array values)
        {
            this.decodedArrays.Return(values);
        }
        this.decodedArrays.Return(data.DefinitionLevelArray);
        this.decodedArrays.Return(data.RepetitionLevelArray);
        if (data.DictionaryIndices is { } indices)
        {
            this.decodedArrays.Return(indices);
        }
    }

    public long RowCount => Metadata.NumRows;

    public static ParquetReader Open(string path, ParquetReaderOptions? options = null) =>
        Open(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess), options, leaveOpen: false);

    /// <summary>Opens a seekable stream; the reader disposes it unless <paramref name="leaveOpen"/>.</summary>
    public static ParquetReader Open(Stream stream, ParquetReaderOptions? options = null, bool leaveOpen = false)
    {
        if (!stream.CanSeek || !stream.CanRead)
        {
            throw new ArgumentException("A Parquet file needs a readable, seekable stream.", nameof(stream));
        }
        try
        {
            return new ParquetReader(stream, leaveOpen, options ?? new ParquetReaderOptions());
        }
        catch
        {
            if (!leaveOpen)
            {
                stream.Dispose();
            }
            throw;
        }
    }

    /// <summary>
    /// Reads and decodes one column chunk, within <paramref name="budget"/> when given (pass the same
    /// budget for the chunks of one row group: <see cref="NewRowGroupBudget"/>), else within a budget of its own.
    /// </summary>
    public ColumnData ReadColumn(int rowGroup, int column, DecodeBudget? budget = null)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)rowGroup, (uint)RowGroups.Count, nameof(rowGroup));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)column, (uint)Schema.Columns.Count, nameof(column));
        var group = RowGroups[rowGroup];
        var meta = group.Columns[column];
        var descriptor = Schema.Columns[column];
        string where = $"Column '{descriptor}' in row group {rowGroup}";
        // The stored bytes are only read from while decoding, so their buffer serves the next chunk.
        var chunk = ReadChunkBytes(meta, where);
        try
        {
            return ColumnChunkReader.Read(chunk.AsMemory(0, (int)meta.TotalCompressedSize), descriptor, meta, group.NumRows, this.options, where, budget ?? NewRowGroupBudget(), this.decodedArrays);
        }
        finally
        {
            this.chunkBuffers.Return(chunk);
        }
    }

    /// <summary>The decoded bytes the chunks of one row group may take together (<see cref="ParquetReaderOptions.MaxRowGroupBytes"/>).</summary>
    public DecodeBudget NewRowGroupBudget() => new(this.options.MaxRowGroupBytes);

    /// <summary>Reads every column of a row group.</summary>
    public ColumnData[] ReadRowGroup(int rowGroup)
    {
        var columns = new ColumnData[Schema.Columns.Count];
        var budget = NewRowGroupBudget();
        for (int i = 0; i < columns.Length; i++)
        {
            columns[i] = ReadColumn(rowGroup, i, budget);
        }
        return columns;
    }

    /// <summary>Reads a row group and assembles its rows (see <see cref="RecordAssembler"/>).</summary>
    public IReadOnlyList<object?[]> ReadRows(int rowGroup) => RecordAssembler.Assemble(Schema, ReadRowGroup(rowGroup));

    public void Dispose()
    {
        if (!this.leaveOpen)
        {
            this.stream.Dispose();
        }
    }

    /// <summary>The chunk's stored bytes, in a buffer of <see cref="chunkBuffers"/> (it may be longer than the chunk).</summary>
    private byte[] ReadChunkBytes(ColumnChunkMetadata meta, string where)
    {
        // The chunk starts at its first page. Some writers leave one of the two offsets 0 or stale,
        // so take the smallest offset that can be a page (past the leading magic).
        long start = meta.DataPageOffset >= Magic.Length ? meta.DataPageOffset : long.MaxValue;
        if (meta.DictionaryPageOffset is { } dictionaryOffset && dictionaryOffset >= Magic.Length && dictionaryOffset < start)
        {
            start = dictionaryOffset;
        }
        long length = meta.TotalCompressedSize;
        if (start == long.MaxValue || length < 0 || length > this.dataEnd - start)
        {
            throw new ParquetFormatException($"{where} lies outside the file (offset {start}, {length} bytes).");
        }
        if (length > Array.MaxLength)
        {
            throw new ParquetFormatException($"{where} holds {length} bytes, more than one column chunk can hold.");
        }
        var bytes = this.chunkBuffers.Rent<byte>((int)length);
        try
        {
            lock (this.streamLock)
            {
                this.stream.Position = start;
                this.stream.ReadExactly(bytes, 0, (int)length);
            }
        }
        catch
        {
            this.chunkBuffers.Return(bytes);
            throw;
        }
        return bytes;
    }

    private static (FileMetadata Metadata, long DataEnd) ReadFooter(Stream stream)
    {
        long fileLength = stream.Length;
        if (fileLength < 12)
        {
            throw new ParquetFormatException($"Not a Parquet file: {fileLength} bytes is too short.");
        }
        Span<byte> tail = stackalloc byte[8];
        stream.Position = fileLength - 8;
        stream.ReadExactly(tail);
        if (tail[4..].SequenceEqual(EncryptedMagic))
        {
            throw new ParquetFormatException("Parquet modular encryption is not supported: the file has an encrypted footer (magic PARE).");
        }
        Span<byte> head = stackalloc byte[4];
        stream.Position = 0;
        stream.ReadExactly(head);
        if (!tail[4..].SequenceEqual(Magic) || !head.SequenceEqual(Magic))
        {
            throw new ParquetFormatException("Not a Parquet file: the PAR1 magic is missing at the start or end.");
        }
        uint footerLength = BinaryPrimitives.ReadUInt32LittleEndian(tail);
        if (footerLength > fileLength - 12)
        {
            throw new ParquetFormatException($"The footer length {footerLength} exceeds the file size {fileLength}.");
        }
        var footer = new byte[footerLength];
        long footerStart = fileLength - 8 - footerLength;
        stream.Position = footerStart;
        stream.ReadExactly(footer);
        return (MetadataReader.ReadFileMetadata(footer), footerStart);
    }

    private void ValidateRowGroups()
    {
        if (Metadata.NumRows < 0)
        {
            throw new ParquetFormatException($"The footer declares a negative row count {Metadata.NumRows}.");
        }
        for (int g = 0; g < RowGroups.Count; g++)
        {
            var group = RowGroups[g];
            if (group.Columns.Count != Schema.Columns.Count)
            {
                throw new ParquetFormatException($"Row group {g} has {group.Columns.Count} column chunks but the schema has {Schema.Columns.Count} columns.");
            }
            if (group.NumRows < 0)
            {
                throw new ParquetFormatException($"Row group {g} declares a negative row count.");
            }
            for (int c = 0; c < group.Columns.Count; c++)
            {
                var expected = Schema.Columns[c].PhysicalType;
                if (group.Columns[c].Type != expected)
                {
                    throw new ParquetFormatException(
                        $"Column '{Schema.Columns[c]}' in row group {g} is stored as {group.Columns[c].Type} but the schema says {expected}.");
                }
            }
        }
    }
}
