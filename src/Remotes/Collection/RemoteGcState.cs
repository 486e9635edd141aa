using System.Buffers.Binary;
using System.Text;

namespace Tessera.Remotes.Collection;

/// <summary>
/// What remote gc remembers between runs, stored on the remote (<c>PREFIX/gc/state</c> in a bucket,
/// <c>.tensor/remote-gc</c> in a repository folder): each object found unreachable and when a run
/// first found it so, and each pack taken out of use and when. Stores hide the unreachable objects
/// from "have?" (<see cref="Hides"/>), so a push from then on sends its own copy instead of relying
/// on one that may go; design note 015 gives the argument.
/// <para>
/// Layout, little-endian: the magic <c>TSRGC001</c>; the object count (int32), then per object its
/// kind (1 byte), id (32 bytes) and first-seen time (int64, Unix milliseconds); the pack count
/// (int32), then per pack the key's length (int32), the key (UTF-8) and the retirement time
/// (int64); then the SHA-256 of everything before it. Losing the state is safe (nothing is
/// deleted until later runs find the objects unreachable again), so a damaged one is reported, not guessed at.
/// </para>
/// </summary>
internal sealed class RemoteGcState
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("TSRGC001");

    /// <summary>Objects found unreachable, with the time a run first found them so.</summary>
    public Dictionary<(ObjectKind Kind, ObjectId Id), DateTimeOffset> Unreachable { get; } = [];

    /// <summary>Packs no index names any more, kept for readers that still use them, with the time they were retired.</summary>
    public Dictionary<string, DateTimeOffset> RetiredPacks { get; } = new(StringComparer.Ordinal);

    public static RemoteGcState Empty => new();

    /// <summary>True for an object a gc may delete: a "have?" answers no, so a push sends it again.</summary>
    public bool Hides(ObjectKind kind, ObjectId id) => this.Unreachable.ContainsKey((kind, id));

    public byte[] Encode()
    {
        using var ms = new MemoryStream();
        ms.Write(Magic);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(number, this.Unreachable.Count);
        ms.Write(number[..4]);
        Span<byte> id = stackalloc byte[ObjectId.Size];
        // In a fixed order, so equal states encode alike and an unchanged state need not be written.
        foreach (var ((kind, objectId), seen) in this.Unreachable.OrderBy(u => u.Key.Kind).ThenBy(u => u.Key.Id))
        {
            ms.WriteByte((byte)kind);
            objectId.Write(id);
            ms.Write(id);
            BinaryPrimitives.WriteInt64LittleEndian(number, seen.ToUnixTimeMilliseconds());
            ms.Write(number);
        }
        BinaryPrimitives.WriteInt32LittleEndian(number, this.RetiredPacks.Count);
        ms.Write(number[..4]);
        foreach (var (key, retired) in this.RetiredPacks.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var name = Encoding.UTF8.GetBytes(key);
            BinaryPrimitives.WriteInt32LittleEndian(number, name.Length);
            ms.Write(number[..4]);
            ms.Write(name);
            BinaryPrimitives.WriteInt64LittleEndian(number, retired.ToUnixTimeMilliseconds());
            ms.Write(number);
        }
        ObjectId.Hash(ms.GetBuffer().AsSpan(0, (int)ms.Length)).Write(id);
        ms.Write(id);
        return ms.ToArray();
    }

    /// <summary>Reads a state; refuses (<see cref="ErrorCode.CorruptObject"/>) one that is truncated or damaged.</summary>
    public static RemoteGcState Decode(ReadOnlySpan<byte> bytes, string where)
    {
        if (bytes.Length < Magic.Length + 8 + ObjectId.Size || !bytes[..Magic.Length].SequenceEqual(Magic)
            || ObjectId.Hash(bytes[..^ObjectId.Size]) != ObjectId.Read(bytes[^ObjectId.Size..]))
        {
            throw new CorruptObjectException($"{where} is not a valid remote gc state (truncated or damaged). Delete it: the next gc starts over and deletes nothing it has not found unreachable again.");
        }
        var state = new RemoteGcState();
        var body = bytes[Magic.Length..^ObjectId.Size];
        int count = BinaryPrimitives.ReadInt32LittleEndian(body);
        body = body[4..];
        for (int i = 0; i < count; i++)
        {
            state.Unreachable[((ObjectKind)body[0], ObjectId.Read(body[1..]))] = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(body[(1 + ObjectId.Size)..]));
            body = body[(1 + ObjectId.Size + 8)..];
        }
        count = BinaryPrimitives.ReadInt32LittleEndian(body);
        body = body[4..];
        for (int i = 0; i < count; i++)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(body);
            string key = Encoding.UTF8.GetString(body.Slice(4, length));
            state.RetiredPacks[key] = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(body[(4 + length)..]));
            body = body[(4 + length + 8)..];
        }
        return state;
    }
}
