namespace Tessera.Git;

/// <summary>The state of the git work tree a folder is in: its HEAD commit and whether files differ from it.</summary>
public sealed record GitState(string Commit, bool Dirty);

/// <summary>Questions to the git work tree around a folder, answered by the <c>git</c> executable.</summary>
public static class GitWorkTree
{
    /// <summary>Set this environment variable to <c>1</c> to never run git (benchmarks, hermetic builds).</summary>
    public const string DisableVariable = "TESSERA_NO_GIT";

    /// <summary>
    /// HEAD and dirtiness of the work tree holding <paramref name="directory"/>; null when the folder
    /// is not in a work tree, HEAD has no commit yet, git is missing or <c>TESSERA_NO_GIT=1</c>.
    /// Untracked files do not make a tree dirty (as <c>git describe --dirty</c>).
    /// </summary>
    public static GitState? Probe(string directory)
    {
        // Most commits outside a work tree would pay a process start for nothing: look for a .git first.
        if (!IsInsideWorkTree(directory))
            return null;
        // One process answers both: "# branch.oid <sha>" then one line per changed tracked file.
        var output = GitProcess.Run(directory, "status", "--porcelain=v2", "--branch", "--untracked-files=no");
        if (output is null)
            return null;
        string? commit = null;
        bool dirty = false;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# branch.oid ", StringComparison.Ordinal))
                commit = line["# branch.oid ".Length..].Trim();
            else if (!line.StartsWith('#'))
                dirty = true;
        }
        return commit is null || commit == "(initial)" ? null : new GitState(commit, dirty);
    }

    /// <summary>
    /// The folder whose git work tree holds the code that works on the dataset repository at
    /// <paramref name="repositoryRoot"/>: that folder when it is in a work tree, else the current
    /// folder (where the process was started, not <c>-C</c>) when it is in one, else null. Commits,
    /// <c>link</c> and <c>log --git</c> all follow this rule (docs/cli.md, "link").
    /// </summary>
    public static string? CodeFolder(string repositoryRoot) =>
        new[] { repositoryRoot, Directory.GetCurrentDirectory() }.FirstOrDefault(IsInsideWorkTree);

    /// <summary>The full commit id a git revision names in the work tree around <paramref name="directory"/>, or null.</summary>
    public static string? ResolveCommit(string directory, string revision) =>
        GitProcess.Run(directory, "rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}")?.Trim() is { Length: > 0 } sha ? sha : null;

    /// <summary>The top folder of the work tree holding <paramref name="directory"/>, or null.</summary>
    public static string? TopLevel(string directory) =>
        GitProcess.Run(directory, "rev-parse", "--show-toplevel")?.Trim() is { Length: > 0 } top ? top : null;

    /// <summary>A file's text at a revision (<c>git show REV:path</c>, path relative to the top level), or null.</summary>
    public static string? ShowFile(string directory, string commit, string relativePath) =>
        GitProcess.Run(directory, "show", $"{commit}:{relativePath.Replace('\\', '/')}");

    /// <summary>
    /// True when <paramref name="directory"/> or a folder above it holds <c>.git</c> (a folder, or a
    /// file for worktrees and submodules), or GIT_DIR points git elsewhere.
    /// </summary>
    private static bool IsInsideWorkTree(string directory)
    {
        if (Environment.GetEnvironmentVariable("GIT_DIR") is { Length: > 0 })
            return true;
        for (var dir = new DirectoryInfo(Path.GetFullPath(directory)); dir is not null; dir = dir.Parent)
        {
            var marker = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(marker) || File.Exists(marker))
                return true;
        }
        return false;
    }

    /// <summary>True when the <c>git</c> executable can be run (and is not disabled).</summary>
    public static bool IsAvailable => GitProcess.Run(Directory.GetCurrentDirectory(), "--version") is not null;
}
