using System.ComponentModel;
using System.Diagnostics;

namespace Tessera.Tool.Cli;

/// <summary>Reads the user's identity from git, so a git user's commits carry the same name.</summary>
internal static class GitConfig
{
    /// <summary>The value of a git config key, or null when git or the key is absent.</summary>
    public static string? Get(string key)
    {
        try
        {
            var start = new ProcessStartInfo("git", ["config", "--get", key])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var git = Process.Start(start);
            if (git is null)
                return null;
            string value = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && value.Length > 0 ? value : null;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }
}
