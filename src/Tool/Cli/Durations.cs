using System.Globalization;

namespace Tessera.Tool.Cli;

/// <summary>Ages and periods on the command line: a whole number and a unit, <c>30s</c>, <c>15m</c>, <c>36h</c>, <c>2d</c>, <c>12w</c>.</summary>
internal static class Durations
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        text = text.Trim();
        duration = default;
        if (text.Length < 2 || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out long n) || n > 100_000)
            return false;
        TimeSpan? unit = char.ToLowerInvariant(text[^1]) switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            'w' => TimeSpan.FromDays(7),
            _ => null,
        };
        if (unit is not { } u)
            return false;
        duration = u * n;
        return true;
    }

    /// <summary>A duration an option requires; refuses anything else with <see cref="ErrorCode.Usage"/>.</summary>
    public static TimeSpan Parse(string text, string option) => TryParse(text, out var duration) ? duration
        : throw new InvalidInputException(ErrorCode.Usage, $"{option} takes a duration such as 30s, 15m, 36h, 2d or 1w; got '{text}'.");

    /// <summary>The duration in the largest unit that divides it: 1d, 36h, 90s.</summary>
    public static string Format(TimeSpan duration) =>
        duration.Ticks % TimeSpan.TicksPerDay == 0 && duration > TimeSpan.Zero ? $"{duration.TotalDays:0}d"
        : duration.Ticks % TimeSpan.TicksPerHour == 0 && duration > TimeSpan.Zero ? $"{duration.TotalHours:0}h"
        : duration.Ticks % TimeSpan.TicksPerMinute == 0 && duration > TimeSpan.Zero ? $"{duration.TotalMinutes:0}m"
        : $"{duration.TotalSeconds:0.###}s";
}
