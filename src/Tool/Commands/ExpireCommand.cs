using System.CommandLine;
using System.Globalization;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary><c>expire --older-than DATE|DURATION [--force]</c>: old commits dropped from history.</summary>
internal static class ExpireCommand
{
    public static Command Create()
    {
        var olderThan = new Option<string>("--older-than") { Description = "Drop commits made before this: a date (2026-06-30, or with a time and offset) or an age (90d, 12w, 36h)", Required = true };
        var force = new Option<bool>("--force") { Description = "Rewrite remote-tracking branches too (the remote keeps its history until expired there)" };
        var command = new Command("expire", "Drop old commits from history: the oldest kept ones become roots (then 'gc --prune-now' deletes what only they held)") { olderThan, force };
        return command.HandleWithWriter((context, _, writer) =>
        {
            var before = Cutoff(context.Get(olderThan)!, DateTimeOffset.UtcNow);
            var result = writer.Expire(before, new ExpireOptions { Force = context.Get(force) });
            if (context.Json)
            {
                context.WriteJson(w => JsonShapes.WriteExpire(w, result));
                return 0;
            }
            var o = context.Out;
            if (result.Dropped.Count == 0)
            {
                o.WriteLine($"No commit is older than {result.Before.ToLocalTime():yyyy-MM-dd HH:mm}: nothing to expire.");
                return 0;
            }
            o.WriteLine($"Dropped {result.Dropped.Count} commit(s) made before {result.Before.ToLocalTime():yyyy-MM-dd HH:mm} from history; {result.Commits.Count} later commit(s) rewritten.");
            foreach (var moved in result.Refs)
                o.WriteLine($"{moved.Kind} {moved.Name}: {context.Paint.Commit(moved.Old.ToShortString())} -> {context.Paint.Commit(moved.New.ToShortString())}");
            o.WriteLine("The old commits stay in the ref log; delete what only they held with 'dotnet tensor gc --prune-now'.");
            return 0;
        });
    }

    /// <summary>The instant named by a date (local midnight when no time is given) or by an age before <paramref name="now"/>.</summary>
    internal static DateTimeOffset Cutoff(string text, DateTimeOffset now)
    {
        text = text.Trim();
        if (Durations.TryParse(text, out var age))
            return now - age;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var date))
            return date;
        throw new InvalidInputException(ErrorCode.Usage, $"'{text}' is neither a date (2026-06-30, 2026-06-30T12:00:00+02:00) nor an age (90d, 12w, 36h).");
    }
}
