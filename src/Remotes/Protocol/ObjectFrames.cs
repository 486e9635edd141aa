using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace Tessera.Remotes;

/// <summary>
/// The stream encoding of objects, used on the wire: per object a 40-byte frame header (kind,
/// codec, 2 zero bytes, length as int32 LE, the 32-byte id) followed by the bytes; a zero kind
/// byte ends the stream, so a truncated stream is told from a complete one. Readers take whole
/// buffers from a pipe and cut as many frames from each as it holds, so a stream of small
/// objects costs one wait per buffer, not per object.
/// </summary>
public static class ObjectFrames
{
    public const int HeaderSize = 8 + ObjectId.Size;

    /// <summary>The largest object a transfer accepts (blobs are capped at 2 GiB by the format; transfers at this).</summary>
    public const int MaxObjectSize = 256 << 20;

    /// <summary>Writes one frame: header, then the object's bytes.</summary>
    public static void Write(Stream stream, TransferObject obj)
    {
        WriteHeader(stream, obj);
        stream.Write(obj.Data.Span);
    }

    /// <summary>Writes the 40-byte header of an object's frame.</summary>
    public static void WriteHeader(Stream stream, TransferObject obj)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        header.Clear();
        header[0] = (byte)obj.Kind;
        header[1] = (byte)obj.Codec;
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], obj.Data.Length);
        obj.Id.Write(header[8..]);
        stream.Write(header);
    }

    /// <summary>Writes the end marker.</summary>
    public static void WriteEnd(Stream stream) => stream.WriteByte(0);

    /// <summary>
    /// Reads objects until the end marker, handing each to <paramref name="accept"/> as it
    /// completes; its bytes are only valid during that call. Malformed frames, oversized objects
    /// and a stream that stops early throw <see cref="TransferException"/>; nothing is handed
    /// over from a bad frame.
    /// </summary>
    public static async Task ReadAsync(PipeReader reader, Action<TransferObject> accept, int maxObjectSize = MaxObjectSize)
    {
        var scratch = new Scratch();
        while (true)
        {
            var result = await reader.ReadAsync().ConfigureAwait(false);
            var buffer = result.Buffer;
            while (Next(ref buffer, scratch, maxObjectSize) is { } frame)
            {
                if (frame.End)
                {
                    reader.AdvanceTo(buffer.Start);
                    return;
                }
                accept(frame.Object);
            }
            Advance(reader, result, buffer);
        }
    }

    /// <summary>
    /// The same as <see cref="ReadAsync"/> for a synchronous consumer, which waits once per
    /// buffer. An object's bytes are valid until the next object is asked for: a consumer that
    /// keeps objects copies them.
    /// </summary>
    public static IEnumerable<TransferObject> Read(PipeReader reader, int maxObjectSize = MaxObjectSize)
    {
        var scratch = new Scratch();
        while (true)
        {
            var pending = reader.ReadAsync();
            var result = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
            var buffer = result.Buffer;
            while (Next(ref buffer, scratch, maxObjectSize) is { } frame)
            {
                if (frame.End)
                {
                    reader.AdvanceTo(buffer.Start);
                    yield break;
                }
                yield return frame.Object;
            }
            Advance(reader, result, buffer);
        }
    }

    private static void Advance(PipeReader reader, ReadResult result, ReadOnlySequence<byte> rest)
    {
        if (result.IsCompleted)
        {
            throw new TransferException(rest.IsEmpty
                ? "The object stream ended before its end marker (the transfer was cut short). Run the command again; it resumes."
                : "The object stream ended in the middle of an object (the transfer was cut short). Run the command again; it resumes.");
        }
        reader.AdvanceTo(rest.Start, rest.End);
    }

    /// <summary>Cuts the next complete frame (or the end marker) off <paramref name="buffer"/>; null when more bytes are needed.</summary>
    private static Frame? Next(ref ReadOnlySequence<byte> buffer, Scratch scratch, int maxObjectSize)
    {
        if (buffer.IsEmpty)
            return null;
        if (buffer.FirstSpan[0] == 0)
        {
            buffer = buffer.Slice(1);
            return new Frame(true, default);
        }
        if (buffer.Length < HeaderSize)
            return null;
        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        var kind = (ObjectKind)header[0];
        var codec = (Codec)header[1];
        int length = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        if (!ObjectKinds.IsKnown(kind) || header[2] != 0 || header[3] != 0
            || !Enum.IsDefined(codec) || (kind != ObjectKind.Blob && codec != Codec.None) || length < 1)
        {
            throw new TransferException($"A malformed object frame (kind {header[0]}, codec {header[1]}, length {length}) was received; the sender does not speak this protocol version.");
        }
        if (length > maxObjectSize)
            throw new TransferException($"An object of {length} bytes exceeds the transfer limit of {maxObjectSize} bytes.", oversized: true);
        if (buffer.Length < HeaderSize + (long)length)
            return null;
        var body = buffer.Slice(HeaderSize, length);
        var data = body.IsSingleSegment ? body.First : scratch.Copy(body);
        buffer = buffer.Slice(body.End);
        return new Frame(false, new TransferObject(kind, ObjectId.Read(header[8..]), codec, data));
    }

    private readonly record struct Frame(bool End, TransferObject Object);

    /// <summary>Where an object split across pipe segments is joined; reused from frame to frame.</summary>
    private sealed class Scratch
    {
        private byte[] bytes = new byte[64 * 1024];

        public ReadOnlyMemory<byte> Copy(ReadOnlySequence<byte> body)
        {
            if (this.bytes.Length < body.Length)
                this.bytes = new byte[Math.Max(body.Length, this.bytes.Length * 2L)];
            body.CopyTo(this.bytes);
            return this.bytes.AsMemory(0, (int)body.Length);
        }
    }
}
