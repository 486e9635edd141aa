using System.Buffers.Binary;

namespace Tessera.Remotes;

/// <summary>
/// The stream encoding of objects, used on the wire and in object storage: per object a 40-byte
/// frame header (kind, codec, 2 zero bytes, length as int32 LE, the 32-byte id) followed by the
/// bytes; a zero kind byte ends the stream, so a truncated stream is told from a complete one.
/// </summary>
internal static class ObjectFrames
{
    public const int HeaderSize = 8 + ObjectId.Size;

    /// <summary>The largest object a transfer accepts (blobs are capped at 2 GiB by the format; transfers at this).</summary>
    public const int MaxObjectSize = 256 << 20;

    public static void Write(Stream stream, TransferObject obj)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        header.Clear();
        header[0] = (byte)obj.Kind;
        header[1] = (byte)obj.Codec;
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], obj.Data.Length);
        obj.Id.Write(header[8..]);
        stream.Write(header);
        stream.Write(obj.Data.Span);
    }

    public static void WriteEnd(Stream stream) => stream.WriteByte(0);

    /// <summary>
    /// Reads objects until the end marker. Malformed frames, oversized objects and a stream that
    /// stops early throw <see cref="TransferException"/>; nothing is returned from a bad frame.
    /// </summary>
    public static IEnumerable<TransferObject> Read(Stream stream, int maxObjectSize = MaxObjectSize)
    {
        var header = new byte[HeaderSize];
        while (true)
        {
            int first = stream.ReadByte();
            if (first < 0)
                throw new TransferException("The object stream ended before its end marker (the transfer was cut short). Run the command again; it resumes.");
            if (first == 0)
                yield break;
            header[0] = (byte)first;
            ReadExactly(stream, header.AsSpan(1));
            var kind = (ObjectKind)header[0];
            var codec = (Codec)header[1];
            int length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
            if (kind is not (ObjectKind.Commit or ObjectKind.Page or ObjectKind.Blob) || header[2] != 0 || header[3] != 0
                || !Enum.IsDefined(codec) || (kind != ObjectKind.Blob && codec != Codec.None) || length < 1)
            {
                throw new TransferException($"A malformed object frame (kind {header[0]}, codec {header[1]}, length {length}) was received; the sender does not speak this protocol version.");
            }
            if (length > maxObjectSize)
                throw new TransferException($"An object of {length} bytes exceeds the transfer limit of {maxObjectSize} bytes.", oversized: true);
            var id = ObjectId.Read(header.AsSpan(8));
            var data = GC.AllocateUninitializedArray<byte>(length);
            ReadExactly(stream, data);
            yield return new TransferObject(kind, id, codec, data);
        }
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException)
        {
            throw new TransferException("The object stream ended in the middle of an object (the transfer was cut short). Run the command again; it resumes.");
        }
    }
}
