namespace Tessera.Manifests;

/// <summary>
/// Sample ids as manifest pages and the staging log store them, in a sequence: an inline sample
/// id takes its first byte and the encoding it holds (1 + length bytes); an item of the same run
/// as the sequence's previous run item takes <see cref="SameRunMarker"/> and its index (a varint);
/// any other id its 32 bytes. Most samples of a table are inline, and their ids are mostly
/// padding; a run's items share 28 bytes of run id.
/// </summary>
internal static class CompactId
{
    public const int InlineMarker = 0x80;
    private const byte SameRunMarker = SampleRun.Marker + 1;

    /// <summary>An upper bound of <see cref="Write"/>'s length, for sizing buffers.</summary>
    public static int MaxLength(ObjectId id) => id.IsInlineSample ? 1 + InlineLength(id) : ObjectId.Size;

    /// <param name="lastRun">The run of the sequence's last run item so far (zero at the start); updated.</param>
    public static void Write(ByteWriter writer, ObjectId id, ref ObjectId lastRun)
    {
        if (id.IsRunSample)
        {
            var run = SampleRun.RunOf(id);
            if (run == lastRun)
            {
                writer.WriteByte(SameRunMarker);
                writer.WriteVarInt((ulong)SampleRun.IndexOf(id));
                return;
            }
            lastRun = run;
        }
        if (!id.IsInlineSample)
        {
            writer.Write(id);
            return;
        }
        int length = 1 + InlineLength(id);
        if (id.Prefix(length) != id)
            throw new InvalidOperationException($"{id} is not a sample id.");
        writer.WritePrefix(id, length);
    }

    /// <param name="lastRun">As for <see cref="Write"/>: start each sequence at zero.</param>
    public static ObjectId Read(ReadOnlySpan<byte> data, ref int pos, ref ObjectId lastRun)
    {
        if (pos >= data.Length)
            throw new CorruptObjectException("A sample id is truncated; verify the repository.");
        if (data[pos] == SameRunMarker)
        {
            if (lastRun.IsZero)
                throw new CorruptObjectException("A sample id names the previous run, but none came before; verify the repository.");
            pos++;
            return SampleRun.ItemId(lastRun, VarInt.ReadInt(data, ref pos, SampleRun.MaxItems - 1));
        }
        int length = data[pos] < InlineMarker || data[pos] == SampleRun.Marker ? ObjectId.Size : 1 + data[pos] - InlineMarker;
        if (length > ObjectId.Size || pos + length > data.Length)
            throw new CorruptObjectException("A sample id is malformed or truncated; verify the repository.");
        var id = ObjectId.ReadPrefix(data[pos..], length);
        pos += length;
        if (id.IsRunSample)
            lastRun = SampleRun.RunOf(id);
        return id;
    }

    private static int InlineLength(ObjectId id)
    {
        int length = id.FirstByte - InlineMarker;
        return length <= SampleHasher.InlineMax ? length : throw new InvalidOperationException($"{id} is not a sample id.");
    }
}
