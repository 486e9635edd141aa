namespace Tessera.Formats.Parquet.Values;

/// <summary>A TIMESTAMP: a count of <see cref="Unit"/>s since the Unix epoch, exact at every resolution.</summary>
public readonly record struct TimestampValue(long Value, Metadata.TimeUnit Unit, bool IsAdjustedToUtc)
{
    /// <summary>The instant as a <see cref="DateTime"/> (100 ns resolution; nanoseconds are truncated).</summary>
    public DateTime ToDateTime() => DateTime.SpecifyKind(
        DateTime.UnixEpoch.AddTicks(Unit switch
        {
            Metadata.TimeUnit.Millis => Value * TimeSpan.TicksPerMillisecond,
            Metadata.TimeUnit.Micros => Value * 10,
            _ => Value / 100,
        }), IsAdjustedToUtc ? DateTimeKind.Utc : DateTimeKind.Unspecified);
}

/// <summary>A TIME of day: a count of <see cref="Unit"/>s since midnight.</summary>
public readonly record struct TimeValue(long Value, Metadata.TimeUnit Unit)
{
    public TimeSpan ToTimeSpan() => Unit switch
    {
        Metadata.TimeUnit.Millis => TimeSpan.FromMilliseconds(Value),
        Metadata.TimeUnit.Micros => TimeSpan.FromTicks(Value * 10),
        _ => TimeSpan.FromTicks(Value / 100),
    };
}
