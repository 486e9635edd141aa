using System.Buffers;
using System.Text;

namespace Tessera.Formats.Parquet.Thrift;

/// <summary>Writes Thrift compact-protocol structures into a growable buffer.</summary>
internal sealed class ThriftCompactWriter
{
    private readonly ArrayBufferWriter<byte> buffer = new();
    private readonly Stack<short> lastFieldIds = new();
    private short lastFieldId;

    public ReadOnlySpan<byte> WrittenSpan => this.buffer.WrittenSpan;

    public void BeginStruct()
    {
        this.lastFieldIds.Push(this.lastFieldId);
        this.lastFieldId = 0;
    }

    /// <summary>Writes the stop marker and leaves the struct.</summary>
    public void EndStruct()
    {
        WriteByte(0);
        this.lastFieldId = this.lastFieldIds.Pop();
    }

    public void FieldI32(short id, int value)
    {
        FieldHeader(id, ThriftType.I32);
        WriteVarint(ZigZag(value));
    }

    public void FieldI64(short id, long value)
    {
        FieldHeader(id, ThriftType.I64);
        WriteVarint(ZigZag(value));
    }

    public void FieldByte(short id, sbyte value)
    {
        FieldHeader(id, ThriftType.Byte);
        WriteByte((byte)value);
    }

    public void FieldBool(short id, bool value) =>
        FieldHeader(id, value ? ThriftType.BooleanTrue : ThriftType.BooleanFalse);

    public void FieldBinary(short id, ReadOnlySpan<byte> value)
    {
        FieldHeader(id, ThriftType.Binary);
        WriteBinary(value);
    }

    public void FieldString(short id, string value) => FieldBinary(id, Encoding.UTF8.GetBytes(value));

    /// <summary>Starts a struct-valued field; close it with <see cref="EndStruct"/>.</summary>
    public void FieldStructBegin(short id)
    {
        FieldHeader(id, ThriftType.Struct);
        BeginStruct();
    }

    /// <summary>Starts a list-valued field; write the elements right after.</summary>
    public void FieldListBegin(short id, ThriftType elementType, int count)
    {
        FieldHeader(id, ThriftType.List);
        if (count < 15)
        {
            WriteByte((byte)(count << 4 | (int)elementType));
        }
        else
        {
            WriteByte((byte)(0xF0 | (int)elementType));
            WriteVarint((ulong)count);
        }
    }

    public void ElementI32(int value) => WriteVarint(ZigZag(value));

    public void ElementString(string value) => WriteBinary(Encoding.UTF8.GetBytes(value));

    private void FieldHeader(short id, ThriftType type)
    {
        int delta = id - this.lastFieldId;
        if (delta is > 0 and <= 15)
        {
            WriteByte((byte)(delta << 4 | (int)type));
        }
        else
        {
            WriteByte((byte)type);
            WriteVarint(ZigZag(id));
        }
        this.lastFieldId = id;
    }

    private void WriteBinary(ReadOnlySpan<byte> value)
    {
        WriteVarint((ulong)value.Length);
        value.CopyTo(this.buffer.GetSpan(value.Length));
        this.buffer.Advance(value.Length);
    }

    private void WriteByte(byte value)
    {
        this.buffer.GetSpan(1)[0] = value;
        this.buffer.Advance(1);
    }

    private void WriteVarint(ulong value)
    {
        var span = this.buffer.GetSpan(10);
        int i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        this.buffer.Advance(i);
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));
}
