using System.Globalization;
using System.Numerics;

namespace Tessera.Formats.NumPy;

/// <summary>
/// A numpy dtype descriptor restricted to what this codec supports: kind, item size in bytes and byte order.
/// For <see cref="NpyKind.Unicode"/> the item size is 4 bytes per character, as in numpy.
/// </summary>
public readonly record struct NpyDtype
{
    private const string Supported =
        "supported: b1 (bool), i1/i2/i4/i8, u1/u2/u4/u8, f2/f4/f8, c8/c16, U<n> and S<n>, little- or big-endian";

    public NpyDtype(NpyKind kind, int itemSize, NpyByteOrder byteOrder)
    {
        if (!IsValidSize(kind, itemSize))
            throw new ArgumentOutOfRangeException(nameof(itemSize), $"{kind} has no {itemSize}-byte variant; {Supported}.");
        Kind = kind;
        ItemSize = itemSize;
        // numpy writes '|' for single-byte units whatever the requested order; normalizing here makes equal dtypes compare equal.
        ByteOrder = SwapUnitOf(kind, itemSize) == 1 ? NpyByteOrder.NotApplicable
            : byteOrder == NpyByteOrder.NotApplicable ? NpyByteOrder.Little : byteOrder;
    }

    public NpyKind Kind { get; }

    public int ItemSize { get; }

    public NpyByteOrder ByteOrder { get; }

    public static NpyDtype Bool => new(NpyKind.Bool, 1, NpyByteOrder.NotApplicable);
    public static NpyDtype Int8 => new(NpyKind.SignedInteger, 1, NpyByteOrder.NotApplicable);
    public static NpyDtype Int16 => new(NpyKind.SignedInteger, 2, NpyByteOrder.Little);
    public static NpyDtype Int32 => new(NpyKind.SignedInteger, 4, NpyByteOrder.Little);
    public static NpyDtype Int64 => new(NpyKind.SignedInteger, 8, NpyByteOrder.Little);
    public static NpyDtype UInt8 => new(NpyKind.UnsignedInteger, 1, NpyByteOrder.NotApplicable);
    public static NpyDtype UInt16 => new(NpyKind.UnsignedInteger, 2, NpyByteOrder.Little);
    public static NpyDtype UInt32 => new(NpyKind.UnsignedInteger, 4, NpyByteOrder.Little);
    public static NpyDtype UInt64 => new(NpyKind.UnsignedInteger, 8, NpyByteOrder.Little);
    public static NpyDtype Float16 => new(NpyKind.Float, 2, NpyByteOrder.Little);
    public static NpyDtype Float32 => new(NpyKind.Float, 4, NpyByteOrder.Little);
    public static NpyDtype Float64 => new(NpyKind.Float, 8, NpyByteOrder.Little);
    public static NpyDtype Complex64 => new(NpyKind.Complex, 8, NpyByteOrder.Little);
    public static NpyDtype Complex128 => new(NpyKind.Complex, 16, NpyByteOrder.Little);

    /// <summary>numpy <c>&lt;U{characters}</c>.</summary>
    public static NpyDtype Unicode(int characters) =>
        characters is > 0 and <= int.MaxValue / 4
            ? new(NpyKind.Unicode, characters * 4, NpyByteOrder.Little)
            : throw new ArgumentOutOfRangeException(nameof(characters), "A U dtype holds 1 to 536870911 characters.");

    /// <summary>numpy <c>|S{length}</c>.</summary>
    public static NpyDtype Bytes(int length) => new(NpyKind.Bytes, length, NpyByteOrder.NotApplicable);

    /// <summary>
    /// Size in bytes of the unit whose bytes a byte order reverses: the item for numbers,
    /// each half of a complex, each code point of a U string, and 1 where order does not apply.
    /// </summary>
    public int SwapUnitSize => SwapUnitOf(Kind, ItemSize);

    /// <summary>The same dtype in little-endian order, the order of <see cref="NpyArray"/> data.</summary>
    public NpyDtype AsLittleEndian() => new(Kind, ItemSize, NpyByteOrder.Little);

    /// <summary>numpy's descriptor string, e.g. <c>&lt;f4</c>, <c>|b1</c>, <c>&lt;U5</c>, <c>|S3</c>.</summary>
    public string Descr
    {
        get
        {
            char order = ByteOrder switch { NpyByteOrder.Little => '<', NpyByteOrder.Big => '>', _ => '|' };
            return Kind switch
            {
                NpyKind.Bool => "|b1",
                NpyKind.Unicode => $"{order}U{ItemSize / 4}",
                _ => string.Create(CultureInfo.InvariantCulture, $"{order}{KindChar(Kind)}{ItemSize}"),
            };
        }
    }

    public override string ToString() => Descr;

    /// <summary>Parses a numpy descriptor string; anything outside the supported set is refused.</summary>
    public static NpyDtype Parse(string descr)
    {
        ArgumentNullException.ThrowIfNull(descr);
        if (descr.Length < 2)
            throw Unsupported(descr, "too short");
        NpyByteOrder order = descr[0] switch
        {
            '<' or '=' => NpyByteOrder.Little, // '=' is native order, and .NET runs little-endian here
            '>' => NpyByteOrder.Big,
            '|' => NpyByteOrder.NotApplicable,
            _ => throw Unsupported(descr, "it must start with a byte order character <, > or |"),
        };
        char code = descr[1];
        if (code == 'O')
            throw new NpyFormatException(
                $"dtype '{descr}' is an object array (pickled Python objects); object arrays are refused because loading them runs code. {Supported}.");
        NpyKind kind = code switch
        {
            'b' or '?' => NpyKind.Bool,
            'i' => NpyKind.SignedInteger,
            'u' => NpyKind.UnsignedInteger,
            'f' => NpyKind.Float,
            'c' => NpyKind.Complex,
            'U' => NpyKind.Unicode,
            'S' => NpyKind.Bytes,
            _ => throw Unsupported(descr, $"kind '{code}' is not supported"),
        };
        ReadOnlySpan<char> digits = descr.AsSpan(2);
        if (digits.IsEmpty && code == '?')
            return Bool;
        if (digits.IsEmpty || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int size))
            throw Unsupported(descr, "the size after the kind character is missing or not a number");
        if (kind == NpyKind.Unicode)
        {
            if (size <= 0 || size > int.MaxValue / 4)
                throw Unsupported(descr, "a U dtype needs 1 to 536870911 characters");
            size *= 4;
        }
        if (!IsValidSize(kind, size))
            throw Unsupported(descr, $"{kind} has no {size}-byte variant");
        return new NpyDtype(kind, size, order);
    }

    /// <summary>The dtype whose elements <typeparamref name="T"/> views, or null for types with no numpy counterpart.</summary>
    public static NpyDtype? For<T>()
        where T : unmanaged
    {
        Type t = typeof(T);
        return t == typeof(bool) ? Bool
            : t == typeof(sbyte) ? Int8
            : t == typeof(short) ? Int16
            : t == typeof(int) ? Int32
            : t == typeof(long) ? Int64
            : t == typeof(byte) ? UInt8
            : t == typeof(ushort) ? UInt16
            : t == typeof(uint) ? UInt32
            : t == typeof(ulong) ? UInt64
            : t == typeof(Half) ? Float16
            : t == typeof(float) ? Float32
            : t == typeof(double) ? Float64
            : t == typeof(NpyComplex64) ? Complex64
            : t == typeof(Complex) ? Complex128
            : null;
    }

    private static char KindChar(NpyKind kind) => kind switch
    {
        NpyKind.Bool => 'b',
        NpyKind.SignedInteger => 'i',
        NpyKind.UnsignedInteger => 'u',
        NpyKind.Float => 'f',
        NpyKind.Complex => 'c',
        NpyKind.Unicode => 'U',
        _ => 'S',
    };

    private static bool IsValidSize(NpyKind kind, int size) => kind switch
    {
        NpyKind.Bool => size == 1,
        NpyKind.SignedInteger or NpyKind.UnsignedInteger => size is 1 or 2 or 4 or 8,
        NpyKind.Float => size is 2 or 4 or 8,
        NpyKind.Complex => size is 8 or 16,
        NpyKind.Unicode => size > 0 && size % 4 == 0,
        _ => size > 0,
    };

    private static int SwapUnitOf(NpyKind kind, int itemSize) => kind switch
    {
        NpyKind.Bool or NpyKind.Bytes => 1,
        NpyKind.Complex => itemSize / 2,
        NpyKind.Unicode => 4,
        _ => itemSize,
    };

    private static NpyFormatException Unsupported(string descr, string reason) =>
        new($"dtype '{descr}' is not supported: {reason}; {Supported}.");
}
