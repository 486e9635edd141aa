using System.Buffers;
using Tessera.Storage;

namespace Tessera.Objects;

/// <summary>
/// Checks a received object before anything stores it: commits, pages and links hash their bytes
/// and must have their structure (<see cref="ObjectStructure"/>); a blob is decoded (header, then
/// decompression under its codec) and the canonical encoding is hashed, so a blob whose stored
/// bytes were altered in transit or at rest is refused.
/// </summary>
internal static class ObjectVerifier
{
    /// <summary>Verifies <paramref name="obj"/> and returns what it names (nothing, for a blob).</summary>
    public static ObjectReferences Verify(TransferObject obj)
    {
        if (obj.Kind == ObjectKind.Blob)
        {
            VerifyBlob(obj);
            return ObjectReferences.None;
        }
        if (ObjectId.Hash(obj.Data.Span) != obj.Id)
            throw Corrupt(obj, "its bytes do not hash to its id");
        try
        {
            return ObjectStructure.Check(obj.Kind, obj.Id, obj.Data);
        }
        catch (CorruptObjectException ex)
        {
            throw Corrupt(obj, ex.Message);
        }
    }

    private static void VerifyBlob(TransferObject obj)
    {
        var stored = obj.Data.Span;
        SampleHeader header;
        try
        {
            header = BlobFormat.ReadHeader(stored);
        }
        catch (CorruptObjectException ex)
        {
            throw Corrupt(obj, ex.Message);
        }
        if (obj.Codec == Codec.None)
        {
            CheckTexts(obj, header, stored[header.HeaderSize..]);
            if (stored.Length != (long)header.HeaderSize + header.DataLength || !SampleRun.HashMatches(obj.Id, stored[..header.HeaderSize], stored[header.HeaderSize..], header.TextRun))
                throw Corrupt(obj, "its bytes do not hash to its id (a run of texts must have a run id)");
            return;
        }
        var raw = ArrayPool<byte>.Shared.Rent(header.DataLength);
        try
        {
            try
            {
                Codecs.Decompress(obj.Codec, stored[header.HeaderSize..], raw.AsSpan(0, header.DataLength), header.ElementSize);
            }
            catch (CorruptObjectException ex)
            {
                throw Corrupt(obj, ex.Message);
            }
            CheckTexts(obj, header, raw.AsSpan(0, header.DataLength));
            if (!SampleRun.HashMatches(obj.Id, stored[..header.HeaderSize], raw.AsSpan(0, header.DataLength), header.TextRun))
                throw Corrupt(obj, "its decoded bytes do not hash to its id (a run of texts must have a run id)");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
        }
    }

    /// <summary>A text run's item lengths add up to its text (format section 3.6): what its readers would refuse is not stored.</summary>
    private static void CheckTexts(TransferObject obj, SampleHeader header, ReadOnlySpan<byte> data)
    {
        if (header.TextRun && data.Length == header.DataLength && !TextRun.LengthsAddUp(data, header.Shape[0]))
            throw Corrupt(obj, $"a run of texts whose {header.Shape[0]} item lengths do not add up to its {header.Shape[1]} bytes of text");
    }

    private static CorruptObjectException Corrupt(TransferObject obj, string why) =>
        new CorruptObjectException($"Received a corrupt {obj.Kind.Name()} {obj.Id.ToShortString()} ({why}); it was not stored. Verify the repository it came from, then transfer again.").With(ErrorDetail.Area, "received");
}
