using System.Buffers;
using System.Text;

namespace Tessera.Formats.Csv;

/// <summary>
/// Splits RFC 4180 text into records of fields: quoted fields may hold commas, doubled quotes and line breaks;
/// records end with CRLF, LF or CR. Input is UTF-8 (an initial BOM is skipped); invalid bytes are errors at the line and field where they occur.
/// Field text lives in one reused buffer, so reading allocates nothing per field.
/// </summary>
internal sealed class CsvRecordReader : IDisposable
{
    private const int ChunkSize = 64 * 1024;

    private static readonly SearchValues<char> UnquotedStops = SearchValues.Create(",\r\n\"");
    private static readonly SearchValues<char> QuotedStops = SearchValues.Create("\"\r\n");

    private readonly StrictUtf8Reader reader;
    private readonly int maxRecordLength;
    private readonly char[] chunk = new char[ChunkSize];
    private int chunkPosition;
    private int chunkLength;
    private char[] record = new char[1024];
    private int recordLength;
    private int[] fieldEnds = new int[16];
    private bool[] fieldQuoted = new bool[16];
    private long line = 1;

    public CsvRecordReader(Stream stream, int maxRecordLength, bool leaveOpen)
    {
        this.reader = new StrictUtf8Reader(stream, leaveOpen);
        this.maxRecordLength = maxRecordLength;
    }

    public int FieldCount { get; private set; }

    /// <summary>The line the current record starts on (1-based).</summary>
    public long RecordLine { get; private set; }

    /// <summary>A record that is an empty line: one empty, unquoted field.</summary>
    public bool IsBlankLine => FieldCount == 1 && this.fieldEnds[0] == 0 && !this.fieldQuoted[0];

    public ReadOnlySpan<char> Field(int index) =>
        this.record.AsSpan(index == 0 ? 0 : this.fieldEnds[index - 1], this.fieldEnds[index] - (index == 0 ? 0 : this.fieldEnds[index - 1]));

    public bool IsQuoted(int index) => this.fieldQuoted[index];

    /// <summary>Reads the next record; false at the end of the input.</summary>
    public bool ReadRecord()
    {
        this.recordLength = 0;
        FieldCount = 0;
        RecordLine = this.line;
        if (!EnsureData())
            return false;
        while (true)
        {
            bool quoted = this.chunk[this.chunkPosition] == '"';
            if (quoted)
            {
                this.chunkPosition++;
                ReadQuotedField();
            }
            else
            {
                ReadUnquotedField();
            }
            EndField(quoted);
            if (!EnsureData())
                return true;
            char next = this.chunk[this.chunkPosition++];
            if (next == ',')
            {
                if (!EnsureData())
                {
                    EndField(quoted: false); // "a," at the end of the input: the last field is empty
                    return true;
                }
                continue;
            }
            if (next == '\r' && EnsureData() && this.chunk[this.chunkPosition] == '\n')
                this.chunkPosition++;
            this.line++;
            return true;
        }
    }

    public void Dispose() => this.reader.Dispose();

    private void ReadUnquotedField()
    {
        while (EnsureData())
        {
            ReadOnlySpan<char> rest = this.chunk.AsSpan(this.chunkPosition, this.chunkLength - this.chunkPosition);
            int stop = rest.IndexOfAny(UnquotedStops);
            Append(stop < 0 ? rest : rest[..stop]);
            this.chunkPosition += stop < 0 ? rest.Length : stop;
            if (stop < 0)
                continue;
            if (rest[stop] == '"')
                throw Error("a quote inside an unquoted field; quote the whole field and double the quotes inside it");
            return;
        }
    }

    private void ReadQuotedField()
    {
        long openedOn = this.line;
        bool afterCarriageReturn = false;
        while (true)
        {
            if (!EnsureData())
                throw Error($"the quoted field opened on line {openedOn} is not closed before the end of the input");
            ReadOnlySpan<char> rest = this.chunk.AsSpan(this.chunkPosition, this.chunkLength - this.chunkPosition);
            int stop = rest.IndexOfAny(QuotedStops);
            if (stop != 0)
                afterCarriageReturn = false;
            Append(stop < 0 ? rest : rest[..stop]);
            this.chunkPosition += stop < 0 ? rest.Length : stop;
            if (stop < 0)
                continue;
            char c = this.chunk[this.chunkPosition++];
            if (c == '"')
            {
                afterCarriageReturn = false;
                if (EnsureData() && this.chunk[this.chunkPosition] == '"')
                {
                    this.chunkPosition++;
                    Append("\"");
                    continue;
                }
                if (EnsureData() && this.chunk[this.chunkPosition] is not (',' or '\r' or '\n'))
                    throw Error($"'{this.chunk[this.chunkPosition]}' after the closing quote; a quoted field must end at a comma or a line break");
                return;
            }
            if (c == '\r' || !afterCarriageReturn)
                this.line++; // CRLF inside a field is one line break
            afterCarriageReturn = c == '\r';
            Append([c]);
        }
    }

    private void EndField(bool quoted)
    {
        if (FieldCount == this.fieldEnds.Length)
        {
            Array.Resize(ref this.fieldEnds, FieldCount * 2);
            Array.Resize(ref this.fieldQuoted, FieldCount * 2);
        }
        this.fieldEnds[FieldCount] = this.recordLength;
        this.fieldQuoted[FieldCount] = quoted;
        FieldCount++;
    }

    private void Append(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
            return;
        if (this.recordLength + text.Length > this.maxRecordLength)
            throw Error($"the record is longer than {this.maxRecordLength} characters (an unclosed quote?); raise CsvReadOptions.MaxRecordLength if it is real");
        if (this.recordLength + text.Length > this.record.Length)
            Array.Resize(ref this.record, (int)Math.Min(this.maxRecordLength, Math.Max(2L * this.record.Length, this.recordLength + text.Length)));
        text.CopyTo(this.record.AsSpan(this.recordLength));
        this.recordLength += text.Length;
    }

    private bool EnsureData()
    {
        if (this.chunkPosition < this.chunkLength)
            return true;
        try
        {
            this.chunkLength = this.reader.Read(this.chunk);
        }
        catch (DecoderFallbackException e)
        {
            throw new CsvFormatException("the input is not valid UTF-8", this.line, FieldCount + 1, e);
        }
        this.chunkPosition = 0;
        return this.chunkLength > 0;
    }

    private CsvFormatException Error(string problem) => new(problem, this.line, FieldCount + 1);
}
