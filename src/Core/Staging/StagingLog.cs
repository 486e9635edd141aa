using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Tessera.Manifests;
using Tessera.Storage;

namespace Tessera.Staging;

/// <summary>
/// The staged sample changes as records in a file beside the database,
/// <c>.tensor/staging/GENERATION.log</c> (format section 6): an import's hundreds of megabytes
/// are written once, sequentially, instead of through the database's write-ahead log, and a
/// commit drops them by starting a new generation instead of freeing every page they filled
/// (design note 017). The database holds the extent that counts, <c>meta.staging_log</c> =
/// "GENERATION LENGTH", set inside the transaction that appends, so bytes past it (a
/// transaction that did not commit, a crash mid-append) are ignored and later overwritten.
/// </summary>
internal sealed class StagingLog(Database db)
{
    private const string MetaKey = "staging_log";
    private const int RecordOverhead = 8;

    private string Folder => Path.Combine(Path.GetDirectoryName(db.File)!, "staging");

    /// <summary>The committed extent: which file, and how many of its bytes.</summary>
    public (long Generation, long Length) Extent()
    {
        var parts = (db.GetMeta(MetaKey) ?? "0 0").Split(' ');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    /// <summary>Appends one record per node after the committed extent; the caller holds a transaction.</summary>
    public void Append(IReadOnlyList<(string Node, ReadOnlyMemory<byte> Data)> rows)
    {
        if (rows.Count == 0)
            return;
        var (generation, length) = this.Extent();
        Directory.CreateDirectory(this.Folder);
        using (var file = new FileStream(this.PathOf(generation), FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            file.Position = length;
            foreach (var (node, data) in rows)
                length += WriteRecord(file, node, data.Span);
            file.SetLength(length);
        }
        db.SetMeta(MetaKey, Format(generation, length));
    }

    /// <summary>Cuts the log back to <paramref name="length"/> bytes (rolling back an operation); the caller holds a transaction.</summary>
    public void CutBack(long length)
    {
        var (generation, current) = this.Extent();
        if (length < current)
            db.SetMeta(MetaKey, Format(generation, length));
    }

    /// <summary>Empties the log: a new generation, the old file deleted once the caller's transaction commits.</summary>
    public void Clear()
    {
        var (generation, length) = this.Extent();
        if (length == 0)
            return;
        db.SetMeta(MetaKey, Format(generation + 1, 0));
        db.AfterCommit(() => this.DeleteBefore(generation + 1));
    }

    /// <summary>The records between two offsets of the committed extent, in order: each node's name and its encoded changes.</summary>
    public IEnumerable<(string Node, ReadOnlyMemory<byte> Data)> Read(long from, long to)
    {
        if (to <= from)
            yield break;
        long generation = this.Extent().Generation;
        using var file = this.Hold(generation, to);
        foreach (var record in Index(file, from, to))
            yield return (record.Node, Changes(file, record));
    }

    /// <summary>Where each record between two offsets is, read from their headers only, through a file held open by <see cref="Hold"/>.</summary>
    public static List<StagingLogRecord> Index(SafeFileHandle file, long from, long to)
    {
        var records = new List<StagingLogRecord>();
        var head = new byte[4 + 5 + 1024];
        for (long pos = from; pos < to;)
        {
            if (to - pos < RecordOverhead)
                throw Damaged();
            int read = ReadAtLeast(file, head, pos, RecordOverhead);
            int size = BinaryPrimitives.ReadInt32LittleEndian(head);
            if (read < RecordOverhead || size < 1 || size > to - pos - RecordOverhead)
                throw Damaged();
            var name = head.AsSpan(4, Math.Min(read - 4, size));
            int at = 0;
            int nameLength = VarInt.ReadInt(name, ref at, name.Length - at);
            records.Add(new StagingLogRecord(Encoding.UTF8.GetString(name.Slice(at, nameLength)), pos, size, size - at - nameLength));
            pos += size + RecordOverhead;
        }
        return records;
    }

    /// <summary>
    /// A record's encoded changes, checked against its CRC, through a file held open by
    /// <see cref="Hold"/>. Reads only the file: commits decode nodes' records on every core, and the
    /// database connection is not for concurrent use.
    /// </summary>
    public static ReadOnlyMemory<byte> Changes(SafeFileHandle file, StagingLogRecord record)
    {
        var payload = GC.AllocateUninitializedArray<byte>(record.Size + 4);
        if (ReadAtLeast(file, payload, record.Offset + 4, payload.Length) < payload.Length)
            throw Damaged();
        if (Crc32C.Compute(payload.AsSpan(0, record.Size)) != BinaryPrimitives.ReadUInt32LittleEndian(payload.AsSpan(record.Size)))
            throw Damaged();
        int at = 0;
        int nameLength = VarInt.ReadInt(payload.AsSpan(0, record.Size), ref at, record.Size - at);
        return payload.AsMemory(at + nameLength, record.Size - at - nameLength);
    }

    /// <summary>
    /// A generation's file opened for reading, at least <paramref name="length"/> bytes long. A staging
    /// area that decodes records later keeps it open: a commit or discard deletes the file, but the
    /// open file still reads, and no byte inside the extent the area loaded is written again (appends
    /// go past the extent; a roll-back cuts back only to where its operation began, and a reader
    /// leaves a running operation's records out).
    /// </summary>
    public SafeFileHandle Hold(long generation, long length)
    {
        try
        {
            var file = File.OpenHandle(this.PathOf(generation), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (RandomAccess.GetLength(file) >= length)
                return file;
            file.Dispose();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
        }
        throw Damaged();
    }

    /// <summary>
    /// Moves staged changes that a format 4 Tessera kept in the <c>stage_log</c> table into the
    /// log, once, when the repository is upgraded; an interrupted operation's marker then counts
    /// in log bytes. The caller holds a transaction.
    /// </summary>
    public void MoveFromTable()
    {
        if (db.Scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'stage_log'") is null)
            return;
        var rows = new List<(long Seq, string Node, byte[] Data)>();
        using (var cmd = db.Command("SELECT seq, node, data FROM stage_log ORDER BY seq"))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
                rows.Add((r.GetInt64(0), r.GetString(1), (byte[])r[2]));
        }
        var marker = db.Scalar("SELECT value FROM stage_meta WHERE key = 'operation'") is string json ? System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject() : null;
        long lastRow = marker?["lastRow"] is { } last ? (long)last : long.MaxValue;
        this.Append([.. rows.Where(row => row.Seq <= lastRow).Select(row => (row.Node, (ReadOnlyMemory<byte>)row.Data))]);
        if (marker is not null)
        {
            marker.Remove("lastRow");
            marker["logLength"] = this.Extent().Length;
            db.Execute("UPDATE stage_meta SET value = $v WHERE key = 'operation'", ("$v", marker.ToJsonString()));
        }
        this.Append([.. rows.Where(row => row.Seq > lastRow).Select(row => (row.Node, (ReadOnlyMemory<byte>)row.Data))]);
        db.Execute("DROP TABLE stage_log");
    }

    /// <summary>
    /// Writes one record: length, payload (node name with its length, then the changes), CRC-32C of
    /// the payload; returns its size. The changes are written from the caller's buffer, not copied
    /// into a record first.
    /// </summary>
    private static int WriteRecord(FileStream file, string node, ReadOnlySpan<byte> changes)
    {
        var name = Encoding.UTF8.GetBytes(node);
        var prefix = new ByteWriter(name.Length + 10);
        prefix.WriteVarInt((ulong)name.Length);
        prefix.Write(name);
        int payload = prefix.Length + changes.Length;
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(word, payload);
        file.Write(word);
        file.Write(prefix.Written.Span);
        file.Write(changes);
        BinaryPrimitives.WriteUInt32LittleEndian(word, Crc32C.Compute(prefix.Written.Span, changes));
        file.Write(word);
        return payload + RecordOverhead;
    }

    private static int ReadAtLeast(SafeFileHandle file, byte[] buffer, long offset, int minimum)
    {
        int read = 0;
        while (read < minimum)
        {
            int n = RandomAccess.Read(file, buffer.AsSpan(read), offset + read);
            if (n == 0)
                break;
            read += n;
        }
        return read;
    }

    public static CorruptObjectException Damaged() =>
        new CorruptObjectException("The staging log is truncated or malformed. Discard the staging area.").With(ErrorDetail.Area, "staging");

    private static string Format(long generation, long length) => string.Create(CultureInfo.InvariantCulture, $"{generation} {length}");

    private string PathOf(long generation) => Path.Combine(this.Folder, string.Create(CultureInfo.InvariantCulture, $"{generation}.log"));

    private void DeleteBefore(long generation)
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(this.Folder, "*.log"))
            {
                if (long.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out long g) && g < generation)
                    File.Delete(file);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file left behind is ignored (its generation is past) and deleted by the next clear.
        }
    }
}

/// <summary>One record of the staging log: whose changes, where in its generation's file (its length field's offset), its payload's size and that of the changes in it.</summary>
internal sealed record StagingLogRecord(string Node, long Offset, int Size, int ChangesSize);
