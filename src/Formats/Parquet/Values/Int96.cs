using System.Buffers.Binary;

namespace Tessera.Formats.Parquet.Values;

/// <summary>
/// A raw 12-byte INT96 value. Writers (Impala, Hive, Spark) use it for timestamps: the low
/// 8 bytes are nanoseconds within the day, the high 4 bytes the Julian day number.
/// </summary>
public readonly record struct Int96(ulong Low, uint High)
{
    private const long JulianDayOfUnixEpoch = 2_440_588;
    private const long NanosPerDay = 86_400_000_000_000;

    public static Int96 Read(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]));

    /// <summary>Nanoseconds since the Unix epoch when read as an Impala/Spark timestamp (wraps beyond ±292 years).</summary>
    public long ToUnixNanoseconds() => unchecked(((long)High - JulianDayOfUnixEpoch) * NanosPerDay + (long)Low);

    /// <summary>The timestamp as a UTC <see cref="DateTime"/> (100 ns resolution).</summary>
    public DateTime ToDateTime() =>
        DateTime.UnixEpoch.AddDays((long)High - JulianDayOfUnixEpoch).AddTicks((long)(Low / 100));
}
