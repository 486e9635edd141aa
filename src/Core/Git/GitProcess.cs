using System.ComponentModel;
using System.Diagnostics;

namespace Tessera.Git;

/// <summary>
/// Runs the <c>git</c> executable (LibGit2Sharp's native binaries are not available everywhere
/// Tessera runs). A missing git, a timeout or a failing command is a null result, never an
/// exception: linking to git is a courtesy that must not break a commit or a build.
/// </summary>
internal static class GitProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static bool Disabled => Environment.GetEnvironmentVariable(GitWorkTree.DisableVariable) == "1";

    /// <summary>git's stdout when it exits 0 in <paramref name="directory"/>; null otherwise.</summary>
    public static string? Run(string directory, params string[] args)
    {
        if (Disabled || !Directory.Exists(directory))
            return null;
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        // Never wait for a credential or editor prompt, and never take git's index lock for a status.
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        try
        {
            using var git = Process.Start(start);
            if (git is null)
                return null;
            var stdout = git.StandardOutput.ReadToEndAsync();
            _ = git.StandardError.ReadToEndAsync();
            if (!git.WaitForExit(Timeout))
            {
                git.Kill(entireProcessTree: true);
                return null;
            }
            return git.ExitCode == 0 ? stdout.Result : null;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }
}
