using System.CommandLine;

namespace Tessera.Tool.Cli;

/// <summary>Options every command takes, wherever they appear on the line (git's <c>-C</c> included).</summary>
internal static class GlobalOptions
{
    public static readonly Option<string> Directory = new("-C")
    {
        Description = "Run as if started in this folder (the repository is looked up from there, like git)",
        HelpName = "dir",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write machine-readable JSON on stdout (errors as JSON on stderr)",
        Recursive = true,
    };

    public static readonly Option<bool> NoProgress = new("--no-progress")
    {
        Description = "Never draw progress bars (they are off anyway when stderr is not a terminal)",
        Recursive = true,
    };

    public static readonly Option<bool> AutoFetch = new("--auto-fetch")
    {
        Description = "In a partial clone, fetch samples that are not here from origin when they are read",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Directory);
        root.Options.Add(Json);
        root.Options.Add(NoProgress);
        root.Options.Add(AutoFetch);
    }
}
