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

    /// <summary>Writes the 12 bytes as stored (the inverse of <see cref="Read"/>).</summary>
    public void Write(Span<byte> bytes)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, Low);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[8..], High);
    }

    // Writers treat both halves as signed and compute with 64-bit wrap-around; Spark relies on
    // that wrap for years beyond ±292 (see parquet-testing int96_from_spark.md), so we match it.
    private long Days => (int)High - JulianDayOfUnixEpoch;

    /// <summary>Nanoseconds since the Unix epoch, wrapping like the writers do beyond ±292 years.</summary>
    public long ToUnixNanoseconds() => unchecked(Days * NanosPerDay + (long)Low);

    /// <summary>Microseconds since the Unix epoch, wrapping like Spark beyond ±292 000 years.</summary>
    public long ToUnixMicroseconds() => unchecked(Days * (NanosPerDay / 1000) + (long)Low / 1000);

    /// <summary>The timestamp as a UTC <see cref="DateTime"/> (100 ns resolution); throws outside DateTime's range.</summary>
    public DateTime ToDateTime() => DateTime.UnixEpoch.AddTicks(ToUnixMicroseconds() * 10 + (long)Low / 100 % 10);
}
