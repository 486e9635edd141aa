using System.Buffers.Binary;
using System.Text;

namespace Tessera.Formats.Parquet.Thrift;

/// <summary>
/// Reads Thrift compact-protocol structures from a byte range. Every length is checked against
/// the remaining bytes and nesting is bounded, so corrupt metadata fails with
/// <see cref="ParquetFormatException"/> rather than allocating or recursing without bound.
/// </summary>
internal sealed class ThriftCompactReader(ReadOnlyMemory<byte> data)
{
    private const int MaxDepth = 64;
    private readonly ReadOnlyMemory<byte> data = data;
    private readonly Stack<short> lastFieldIds = new();
    private short lastFieldId;
    private bool? pendingBool;

    public int Position { get; private set; }

    /// <summary>Enters a struct; field ids restart from zero inside it.</summary>
    public void BeginStruct()
    {
        if (this.lastFieldIds.Count >= MaxDepth)
        {
            throw new ParquetFormatException("Thrift metadata nests structures too deeply.");
        }
        this.lastFieldIds.Push(this.lastFieldId);
        this.lastFieldId = 0;
    }

    public void EndStruct() => this.lastFieldId = this.lastFieldIds.Pop();

    /// <summary>Reads the next field header; returns false at the struct's stop marker.</summary>
    public bool NextField(out short id, out ThriftType type)
    {
        byte header = ReadByte();
        type = (ThriftType)(header & 0x0F);
        if (type == ThriftType.Stop)
        {
            id = 0;
            return false;
        }
        int delta = header >> 4;
        id = delta == 0 ? ReadI16() : (short)(this.lastFieldId + delta);
        this.lastFieldId = id;
        if (type is ThriftType.BooleanTrue or ThriftType.BooleanFalse)
        {
            this.pendingBool = type == ThriftType.BooleanTrue;
        }
        else if (type > ThriftType.Struct)
        {
            throw new ParquetFormatException($"Thrift metadata has an unknown field type {(int)type}.");
        }
        return true;
    }

    public bool ReadBool()
    {
        if (this.pendingBool is { } value)
        {
            this.pendingBool = null;
            return value;
        }
        return ReadByte() == (byte)ThriftType.BooleanTrue;
    }

    public byte ReadByte()
    {
        var span = this.data.Span;
        if (Position >= span.Length)
        {
            throw new ParquetFormatException("Thrift metadata ends unexpectedly.");
        }
        return span[Position++];
    }

    public short ReadI16()
    {
        int value = ReadI32();
        if (value is < short.MinValue or > short.MaxValue)
        {
            throw new ParquetFormatException("Thrift metadata has an out-of-range 16-bit integer.");
        }
        return (short)value;
    }

    public int ReadI32()
    {
        long value = ReadI64();
        if (value is < int.MinValue or > int.MaxValue)
        {
            throw new ParquetFormatException("Thrift metadata has an out-of-range 32-bit integer.");
        }
        return (int)value;
    }

    public long ReadI64()
    {
        ulong raw = ReadVarint();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public double ReadDouble()
    {
        var bytes = Take(8);
        return BinaryPrimitives.ReadDoubleLittleEndian(bytes.Span);
    }

    public ReadOnlyMemory<byte> ReadBinary()
    {
        ulong length = ReadVarint();
        if (length > (ulong)(this.data.Length - Position))
        {
            throw new ParquetFormatException($"Thrift metadata declares a {length}-byte string past its end.");
        }
        return Take((int)length);
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBinary().Span);

    /// <summary>Reads a list header; the element count is bounded by the bytes left.</summary>
    public int ReadListHeader(out ThriftType elementType)
    {
        byte header = ReadByte();
        elementType = (ThriftType)(header & 0x0F);
        long count = header >> 4;
        if (count == 15)
        {
            count = (long)Math.Min(ReadVarint(), long.MaxValue);
        }
        // Every element takes at least one byte (booleans and empty structs included).
        if (count > this.data.Length - Position)
        {
            throw new ParquetFormatException($"Thrift metadata declares a list of {count} elements in {this.data.Length - Position} bytes.");
        }
        return (int)count;
    }

    /// <summary>Skips a value of the given type, including nested structures.</summary>
    public void Skip(ThriftType type)
    {
        switch (type)
        {
            case ThriftType.BooleanTrue or ThriftType.BooleanFalse:
                ReadBool();
                break;
            case ThriftType.Byte:
                ReadByte();
                break;
            case ThriftType.I16 or ThriftType.I32 or ThriftType.I64:
                ReadVarint();
                break;
            case ThriftType.Double:
                Take(8);
                break;
            case ThriftType.Binary:
                ReadBinary();
                break;
            case ThriftType.List or ThriftType.Set:
                int count = ReadListHeader(out var elementType);
                for (int i = 0; i < count; i++)
                {
                    SkipElement(elementType);
                }
                break;
            case ThriftType.Map:
                SkipMap();
                break;
            case ThriftType.Struct:
                BeginStruct();
                while (NextField(out _, out var fieldType))
                {
                    Skip(fieldType);
                }
                EndStruct();
                break;
            default:
                throw new ParquetFormatException($"Thrift metadata has an unknown field type {(int)type}.");
        }
    }

    private void SkipElement(ThriftType type)
    {
        // Booleans inside containers are one byte each, not folded into a field header.
        if (type is ThriftType.BooleanTrue or ThriftType.BooleanFalse)
        {
            ReadByte();
            return;
        }
        Skip(type);
    }

    private void SkipMap()
    {
        ulong count = ReadVarint();
        if (count == 0)
        {
            return;
        }
        if (count > (ulong)(this.data.Length - Position))
        {
            throw new ParquetFormatException("Thrift metadata declares a map larger than the metadata.");
        }
        byte types = ReadByte();
        for (ulong i = 0; i < count; i++)
        {
            SkipElement((ThriftType)(types >> 4));
            SkipElement((ThriftType)(types & 0x0F));
        }
    }

    private ulong ReadVarint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            byte b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
        throw new ParquetFormatException("Thrift metadata has a malformed variable-length integer.");
    }

    private ReadOnlyMemory<byte> Take(int count)
    {
        if (count > this.data.Length - Position)
        {
            throw new ParquetFormatException("Thrift metadata ends unexpectedly.");
        }
        var slice = this.data.Slice(Position, count);
        Position += count;
        return slice;
    }
}
