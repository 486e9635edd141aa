namespace Tessera.Formats.Tests.TestSupport;

/// <summary>Locates the repository root: the nearest ancestor of the test assembly holding Directory.Packages.props.</summary>
public static class RepoRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    /// <summary>Resolves a path given relative to the repository root.</summary>
    public static string Combine(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, relative));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Directory.Packages.props")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Directory.Packages.props above {AppContext.BaseDirectory}; is the test running inside the repository?");
    }
}
