using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Tessera;

/// <summary>
/// The key of a sample: an integer ≥ 0 or a string. <c>0</c> and <c>"0"</c> are different keys.
/// Keys order ints first (numerically), then strings (ordinal).
/// </summary>
public readonly struct SampleKey : IEquatable<SampleKey>, IComparable<SampleKey>
{
    private const byte IntTag = 0x01;
    private const byte StringTag = 0x02;
    private readonly long integer;
    private readonly string? text;

    private SampleKey(long integer, string? text)
    {
        this.integer = integer;
        this.text = text;
    }

    public bool IsInt => this.text is null;

    public long Int => this.text is null ? this.integer
        : throw new InvalidOperationException("The key is a string.");

    public string String => this.text ?? throw new InvalidOperationException("The key is an integer.");

    public static SampleKey Of(long key)
    {
        if (key < 0)
            throw new InvalidInputException(ErrorCode.InvalidKey, $"Key {key} is negative: integer keys are ≥ 0.");
        return new SampleKey(key, null);
    }

    public static SampleKey Of(string key)
    {
        Names.ValidateKey(key);
        return new SampleKey(0, key);
    }

    public static implicit operator SampleKey(long key) => Of(key);

    public static implicit operator SampleKey(string key) => Of(key);

    /// <summary>
    /// Parses the CLI form: digits are an integer key, <c>"0"</c> or <c>s:0</c> force a string,
    /// anything else is a string key.
    /// </summary>
    public static SampleKey Parse(string text)
    {
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
            return Of(text[1..^1]);
        if (text.StartsWith("s:", StringComparison.Ordinal))
            return Of(text[2..]);
        if (text.Length > 0 && text.All(char.IsAsciiDigit)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long n))
            return Of(n);
        return Of(text);
    }

    /// <summary>The form <see cref="Parse"/> reads back: strings that look like integers are quoted.</summary>
    public override string ToString()
    {
        if (this.text is null)
            return this.integer.ToString(CultureInfo.InvariantCulture);
        return this.text.All(char.IsAsciiDigit) ? $"\"{this.text}\"" : this.text;
    }

    /// <summary>The JSON value: a number or a string.</summary>
    public object ToJsonValue() => this.text is null ? this.integer : this.text;

    public bool Equals(SampleKey other) => this.integer == other.integer && this.text == other.text;

    public override bool Equals(object? obj) => obj is SampleKey other && this.Equals(other);

    public override int GetHashCode() => this.text is null ? this.integer.GetHashCode() : this.text.GetHashCode(StringComparison.Ordinal);

    public int CompareTo(SampleKey other)
    {
        if (this.text is null)
            return other.text is null ? this.integer.CompareTo(other.integer) : -1;
        return other.text is null ? 1 : string.CompareOrdinal(this.text, other.text);
    }

    public static bool operator ==(SampleKey a, SampleKey b) => a.Equals(b);

    public static bool operator !=(SampleKey a, SampleKey b) => !a.Equals(b);

    public static bool operator <(SampleKey a, SampleKey b) => a.CompareTo(b) < 0;

    public static bool operator >(SampleKey a, SampleKey b) => a.CompareTo(b) > 0;

    public static bool operator <=(SampleKey a, SampleKey b) => a.CompareTo(b) <= 0;

    public static bool operator >=(SampleKey a, SampleKey b) => a.CompareTo(b) >= 0;

    /// <summary>Bytes of the order-preserving encoding (manifests sort by these bytes).</summary>
    internal int EncodedLength => this.text is null ? 9 : 2 + Encoding.ASCII.GetByteCount(this.text);

    internal int Encode(Span<byte> dest)
    {
        if (this.text is null)
        {
            dest[0] = IntTag;
            BinaryPrimitives.WriteInt64BigEndian(dest[1..], this.integer);
            return 9;
        }
        dest[0] = StringTag;
        int n = Encoding.ASCII.GetBytes(this.text, dest[1..]);
        dest[1 + n] = 0;
        return n + 2;
    }

    /// <summary>Decodes one key from the front of <paramref name="src"/>; returns bytes read.</summary>
    internal static int Decode(ReadOnlySpan<byte> src, out SampleKey key)
    {
        if (src.Length >= 9 && src[0] == IntTag)
        {
            key = new SampleKey(BinaryPrimitives.ReadInt64BigEndian(src[1..]), null);
            return 9;
        }
        if (src.Length >= 2 && src[0] == StringTag)
        {
            int end = src[1..].IndexOf((byte)0);
            if (end >= 0)
            {
                key = new SampleKey(0, Encoding.ASCII.GetString(src.Slice(1, end)));
                return end + 2;
            }
        }
        throw new CorruptObjectException("A manifest key is malformed; verify the repository.");
    }
}
