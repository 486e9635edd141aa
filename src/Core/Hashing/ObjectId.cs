using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Tessera;

/// <summary>
/// The id of a sample, page, tree or commit: a SHA-256 content hash, except that a sample whose
/// canonical encoding fits in 31 bytes is its own id (an inline sample, see <see cref="IsInlineSample"/>),
/// and a sample stored in a run names the run and its place in it (<see cref="IsRunSample"/>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct ObjectId : IEquatable<ObjectId>, IComparable<ObjectId>
{
    public const int Size = 32;

    /// <summary>Characters shown for an abbreviated id.</summary>
    public const int ShortLength = 12;

    private readonly ulong a, b, c, d;

    private ObjectId(ulong a, ulong b, ulong c, ulong d)
    {
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
    }

    public static ObjectId Zero => default;

    public bool IsZero => (this.a | this.b | this.c | this.d) == 0;

    /// <summary>
    /// The ids that hold <paramref name="prefix"/> and then one item of <paramref name="data"/>
    /// (each 1, 2, 4 or 8 bytes), zero past it: an item's bytes or-ed into the prefix's words.
    /// A copy of each item into the prefix and a parse of the 32 bytes took three times as long,
    /// and a column of scalars is an id per value.
    /// </summary>
    internal static void WithItems(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> data, int itemSize, Span<ObjectId> ids)
    {
        if (itemSize is not (1 or 2 or 4 or 8) || prefix.Length + itemSize > Size || (long)ids.Length * itemSize != data.Length)
            throw new ArgumentException($"{ids.Length} items of {itemSize} bytes after {prefix.Length} do not fit ids.", nameof(itemSize));
        Span<byte> template = stackalloc byte[Size];
        template.Clear();
        prefix.CopyTo(template);
        var t = Read(template);
        int word = prefix.Length / 8, shift = (prefix.Length % 8) * 8;
        for (int i = 0; i < ids.Length; i++)
        {
            var item = data.Slice(i * itemSize, itemSize);
            // The item as the high bytes of a big-endian word, as the id's words are read.
            ulong v = itemSize switch
            {
                8 => BinaryPrimitives.ReadUInt64BigEndian(item),
                4 => (ulong)BinaryPrimitives.ReadUInt32BigEndian(item) << 32,
                2 => (ulong)BinaryPrimitives.ReadUInt16BigEndian(item) << 48,
                _ => (ulong)item[0] << 56,
            };
            ulong high = v >> shift, low = shift == 0 ? 0 : v << (64 - shift);
            ids[i] = word switch
            {
                0 => new(t.a | high, t.b | low, t.c, t.d),
                1 => new(t.a, t.b | high, t.c | low, t.d),
                2 => new(t.a, t.b, t.c | high, t.d | low),
                _ => new(t.a, t.b, t.c, t.d | high),
            };
        }
    }

    /// <summary>
    /// For a sample id: the sample is held in the id itself (the first byte is 0x80 to 0x9F; hashed
    /// sample ids have the top bit clear), so it is never stored, indexed or transferred on its own.
    /// Meaningless for page and commit ids.
    /// </summary>
    public bool IsInlineSample => (this.a >> 61) == 0b100;

    /// <summary>
    /// For a sample id: the sample is one item of a run (the first byte is 0xC0, see
    /// <see cref="SampleRun"/>); its bytes are stored in the run, never on their own.
    /// </summary>
    public bool IsRunSample => (this.a >> 56) == SampleRun.Marker;

    internal byte FirstByte => (byte)(this.a >> 56);

    public static ObjectId Read(ReadOnlySpan<byte> src) => new(
        BinaryPrimitives.ReadUInt64BigEndian(src),
        BinaryPrimitives.ReadUInt64BigEndian(src[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(src[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(src[24..]));

    /// <summary>
    /// An id whose first <paramref name="length"/> bytes are <paramref name="src"/>'s and the rest
    /// zero (an inline sample id as pages store it). Reads whole words where the span allows: pages
    /// hold millions of these, and a copy into a cleared buffer per id was a tenth of a scan.
    /// </summary>
    internal static ObjectId ReadPrefix(ReadOnlySpan<byte> src, int length)
    {
        if ((uint)length > Size || length > src.Length)
            throw new ArgumentOutOfRangeException(nameof(length));
        if (src.Length >= Size)
            return Read(src).Prefix(length);
        Span<byte> bytes = stackalloc byte[Size];
        bytes.Clear();
        src[..length].CopyTo(bytes);
        return Read(bytes);
    }

    /// <summary>This id's first <paramref name="length"/> bytes, the rest zero.</summary>
    internal ObjectId Prefix(int length)
    {
        return new(this.a & Mask(0), this.b & Mask(8), this.c & Mask(16), this.d & Mask(24));

        // The bits of the word at byte `start` that lie within the first `length` bytes.
        ulong Mask(int start) => (length - start) switch
        {
            <= 0 => 0,
            >= 8 => ulong.MaxValue,
            int kept => ulong.MaxValue << (8 * (8 - kept)),
        };
    }

    /// <summary>Bytes 0–3 as a big-endian number.</summary>
    internal uint FirstWord => (uint)(this.a >> 32);

    /// <summary>The id's bytes 4–31 moved to the front, the last four bytes zero (scans take a run from each item id: no span copies).</summary>
    internal ObjectId WithoutFirstWord() =>
        new((this.a << 32) | (this.b >> 32), (this.b << 32) | (this.c >> 32), (this.c << 32) | (this.d >> 32), this.d << 32);

    /// <summary><paramref name="word"/> (big-endian) followed by the id's bytes 0–27.</summary>
    internal ObjectId AfterWord(uint word) =>
        new(((ulong)word << 32) | (this.a >> 32), (this.a << 32) | (this.b >> 32), (this.b << 32) | (this.c >> 32), (this.c << 32) | (this.d >> 32));

    public void Write(Span<byte> dest)
    {
        BinaryPrimitives.WriteUInt64BigEndian(dest, this.a);
        BinaryPrimitives.WriteUInt64BigEndian(dest[8..], this.b);
        BinaryPrimitives.WriteUInt64BigEndian(dest[16..], this.c);
        BinaryPrimitives.WriteUInt64BigEndian(dest[24..], this.d);
    }

    /// <summary>
    /// The first <paramref name="length"/> bytes of each id as planes: byte <c>b</c> of id <c>j</c> at
    /// <c>b × n + j</c>. Read from the ids' words, plane by plane: through a copy of each id's bytes
    /// this was a quarter of encoding a leaf of numbers.
    /// </summary>
    internal static void WritePlanes(ReadOnlySpan<ObjectId> ids, int length, Span<byte> planes)
    {
        int n = ids.Length;
        var words = MemoryMarshal.Cast<ObjectId, ulong>(ids);
        for (int b = 0; b < length; b++)
        {
            var plane = planes.Slice(b * n, n);
            int shift = 56 - (8 * (b & 7));
            for (int j = 0, w = b >> 3; j < plane.Length; j++, w += 4)
                plane[j] = (byte)(words[w] >> shift);
        }
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        this.Write(bytes);
        return bytes;
    }

    /// <summary>SHA-256 of the bytes.</summary>
    public static ObjectId Hash(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[Size];
        Sha256.Hash(data, digest);
        return Read(digest);
    }

    public static ObjectId Parse(string hex)
    {
        if (!TryParse(hex, out var id))
            throw new InvalidInputException(ErrorCode.InvalidRevision, $"'{hex}' is not a 64-digit hexadecimal object id.");
        return id;
    }

    public static bool TryParse(string? hex, out ObjectId id)
    {
        id = default;
        if (hex is null || hex.Length != Size * 2)
            return false;
        Span<byte> bytes = stackalloc byte[Size];
        if (Convert.FromHexString(hex, bytes, out _, out _) != System.Buffers.OperationStatus.Done)
            return false;
        id = Read(bytes);
        return true;
    }

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        this.Write(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public string ToShortString() => this.ToString()[..ShortLength];

    public bool Equals(ObjectId other) => this.a == other.a && this.b == other.b && this.c == other.c && this.d == other.d;

    public override bool Equals(object? obj) => obj is ObjectId other && this.Equals(other);

    // The bytes are a cryptographic hash: any part is a good hash code.
    /// <summary>Mixes all four words: an inline sample's first word is mostly its header, shared by every sample of a column.</summary>
    public override int GetHashCode() => (int)(((this.a ^ this.b ^ this.c ^ this.d) * 0x9E3779B97F4A7C15UL) >> 32);

    public int CompareTo(ObjectId other)
    {
        int r = this.a.CompareTo(other.a);
        if (r == 0) r = this.b.CompareTo(other.b);
        if (r == 0) r = this.c.CompareTo(other.c);
        if (r == 0) r = this.d.CompareTo(other.d);
        return r;
    }

    public static bool operator ==(ObjectId x, ObjectId y) => x.Equals(y);

    public static bool operator !=(ObjectId x, ObjectId y) => !x.Equals(y);

    public static bool operator <(ObjectId x, ObjectId y) => x.CompareTo(y) < 0;

    public static bool operator >(ObjectId x, ObjectId y) => x.CompareTo(y) > 0;

    public static bool operator <=(ObjectId x, ObjectId y) => x.CompareTo(y) <= 0;

    public static bool operator >=(ObjectId x, ObjectId y) => x.CompareTo(y) >= 0;
}
