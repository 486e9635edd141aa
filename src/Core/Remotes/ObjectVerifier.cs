using System.Buffers;
using Tessera.Storage;

namespace Tessera.Remotes;

/// <summary>
/// Checks a received object against its id before anything stores it: commits and pages hash
/// their bytes; a blob is decoded (header, then decompression under its codec) and the canonical
/// encoding is hashed, so a blob whose stored bytes were altered in transit or at rest is refused.
/// </summary>
internal static class ObjectVerifier
{
    public static void Verify(TransferObject obj)
    {
        if (obj.Kind != ObjectKind.Blob)
        {
            if (ObjectId.Hash(obj.Data.Span) != obj.Id)
                throw Corrupt(obj, "its bytes do not hash to its id");
            if (obj.Kind == ObjectKind.Commit && obj.Data.Span[0] != Commit.Type)
                throw Corrupt(obj, "it is not a commit record");
            return;
        }
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
            if (stored.Length != header.HeaderSize + header.DataLength || SampleHasher.Hash(stored[..header.HeaderSize], stored[header.HeaderSize..]) != obj.Id)
                throw Corrupt(obj, "its bytes do not hash to its id");
            return;
        }
        var raw = ArrayPool<byte>.Shared.Rent(header.DataLength);
        try
        {
            try
            {
                Codecs.Decompress(obj.Codec, stored[header.HeaderSize..], raw.AsSpan(0, header.DataLength));
            }
            catch (CorruptObjectException ex)
            {
                throw Corrupt(obj, ex.Message);
            }
            if (SampleHasher.Hash(stored[..header.HeaderSize], raw.AsSpan(0, header.DataLength)) != obj.Id)
                throw Corrupt(obj, "its decoded bytes do not hash to its id");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
        }
    }

    private static CorruptObjectException Corrupt(TransferObject obj, string why) =>
        new($"The remote sent a corrupt {obj.Kind.Name()} {obj.Id.ToShortString()} ({why}); it was not stored. Run 'dotnet tensor verify' on the remote's side, then transfer again.");
}
