using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tessera;

/// <summary>An immutable snapshot of the whole dataset. Its id is the SHA-256 of its encoding.</summary>
public sealed record Commit
{
    internal const byte Type = (byte)'C';

    internal Commit(ObjectId id, ObjectId tree, IReadOnlyList<ObjectId> parents, Signature author, string message)
    {
        this.Id = id;
        this.Tree = tree;
        this.Parents = parents;
        this.Author = author;
        this.Message = message;
    }

    public ObjectId Id { get; }

    public string ShortId => this.Id.ToShortString();

    public IReadOnlyList<ObjectId> Parents { get; }

    public Signature Author { get; }

    public string Message { get; }

    public bool IsMerge => this.Parents.Count > 1;

    internal ObjectId Tree { get; }

    internal static (ObjectId Id, byte[] Data) Encode(ObjectId tree, IReadOnlyList<ObjectId> parents, Signature author, string message)
    {
        using var ms = new MemoryStream();
        ms.WriteByte(Type);
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("tree", tree.ToString());
            w.WriteStartArray("parents");
            foreach (var p in parents)
                w.WriteStringValue(p.ToString());
            w.WriteEndArray();
            w.WriteString("author", author.Name);
            w.WriteString("email", author.Email);
            w.WriteString("time", author.When.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
            w.WriteString("message", message);
            w.WriteEndObject();
        }
        var data = ms.ToArray();
        return (ObjectId.Hash(data), data);
    }

    internal static Commit Decode(ObjectId id, byte[] data)
    {
        if (data.Length < 2 || data[0] != Type || ObjectId.Hash(data) != id)
            throw new CorruptObjectException($"Commit {id.ToShortString()} is corrupt (its bytes do not hash to its id). {CorruptObjectException.VerifyAdvice}");
        try
        {
            using var doc = JsonDocument.Parse(data.AsMemory(1));
            var r = doc.RootElement;
            var author = new Signature(Text(r, "author"), Text(r, "email"), DateTimeOffset.Parse(Text(r, "time"), CultureInfo.InvariantCulture));
            return new Commit(id, ObjectId.Parse(Text(r, "tree")),
                r.GetProperty("parents").EnumerateArray().Select(p => ObjectId.Parse(p.GetString() ?? throw new FormatException("a parent is null"))).ToArray(),
                author, Text(r, "message"));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or InvalidInputException)
        {
            throw new CorruptObjectException($"Commit {id.ToShortString()} does not decode ({ex.Message}). {CorruptObjectException.VerifyAdvice}");
        }
    }

    /// <summary>True when <paramref name="data"/> is exactly how <see cref="Encode"/> writes this commit (no other fields, nothing out of order).</summary>
    internal bool IsCanonical(ReadOnlySpan<byte> data) =>
        Encode(this.Tree, this.Parents, this.Author, this.Message).Data.AsSpan().SequenceEqual(data);

    private static string Text(JsonElement r, string name) =>
        r.GetProperty(name).GetString() ?? throw new FormatException($"\"{name}\" is null");

    public override string ToString() => $"{this.ShortId} {this.Message.Split('\n')[0]}";
}

/// <summary>Who made a commit and when.</summary>
public sealed record Signature(string Name, string Email, DateTimeOffset When)
{
    public override string ToString() => $"{this.Name} <{this.Email}>";
}
