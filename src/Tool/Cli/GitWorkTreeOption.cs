using System.CommandLine;

namespace Tessera.Tool.Cli;

/// <summary>
/// <c>--git-work-tree DIR</c> of <c>link</c>, <c>log --git</c> and <c>pins --git</c>: the code's git
/// work tree (any folder in it, read from <c>-C</c> as git reads <c>--work-tree</c>) when it is not
/// the one the command finds itself.
/// </summary>
internal static class GitWorkTreeOption
{
    public const string Name = "--git-work-tree";

    public static Option<string?> Create(string description) => new(Name) { Description = description, HelpName = "dir" };

    /// <summary>The folder given, as an absolute path; null when the option is absent.</summary>
    public static string? Get(CommandContext context, Option<string?> option) =>
        context.Get(option) is { } folder ? context.ResolveFile(folder) : null;
}
