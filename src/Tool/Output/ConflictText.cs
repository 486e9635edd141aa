using Tessera.Tool.Cli;

namespace Tessera.Tool.Output;

/// <summary>One conflict as a line of text: <c>/captions 5  mutated-both</c>.</summary>
internal static class ConflictText
{
    public static string Line(Conflict conflict, Paint paint) =>
        $"{conflict.Path}{(conflict.Key is null ? "" : " " + conflict.Key)}  {paint.Removed(conflict.Kind.Name())}";
}
