using System.Buffers.Binary;

namespace Tessera.Formats.NumPy;

/// <summary>Little-endian fields and extra-field blocks shared by the zip central directory and local headers.</summary>
internal static class ZipFields
{
    /// <summary>What a 32-bit size or offset holds when the real value is in the zip64 extra field.</summary>
    public const uint Zip64Marker = 0xFFFF_FFFF;

    private const ushort Zip64ExtraId = 0x0001;

    public static ushort U16(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadUInt16LittleEndian(data[at..]);

    public static uint U32(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);

    public static long U64(ReadOnlySpan<byte> data, int at, string what)
    {
        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(data[at..]);
        return value <= long.MaxValue ? (long)value : throw new InvalidDataException($"{what} is {value}, beyond any file.");
    }

    /// <summary>
    /// The data of the zip64 extended information block (id 0x0001) of an extra field, empty when there is none.
    /// A block that runs past the end of the field is refused (as Python's zipfile does).
    /// </summary>
    public static ReadOnlySpan<byte> Zip64Extra(ReadOnlySpan<byte> extra)
    {
        while (extra.Length >= 4)
        {
            ushort id = U16(extra, 0), length = U16(extra, 2);
            if (4 + length > extra.Length)
                throw new InvalidDataException($"its extra field is corrupt: block {id:x4} claims {length} bytes, {extra.Length - 4} remain.");
            if (id == Zip64ExtraId)
                return extra.Slice(4, length);
            extra = extra[(4 + length)..];
        }
        return [];
    }

    /// <summary>A 32-bit field, or, when it holds <see cref="Zip64Marker"/>, the next 8 bytes of the zip64 block.</summary>
    public static long Resolve(uint value, ref ReadOnlySpan<byte> zip64, string what)
    {
        if (value != Zip64Marker)
            return value;
        if (zip64.Length < 8)
            throw new InvalidDataException($"its {what} is in a zip64 extra field that does not hold it.");
        long resolved = U64(zip64, 0, what);
        zip64 = zip64[8..];
        return resolved;
    }
}
