using System.Diagnostics;
using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>A new user's first hour: every command the quick start prints runs as printed, and setting the tool up in one clone leaves other clones alone.</summary>
public class FirstHourTests
{
    [Fact]
    public void Every_command_the_quick_start_prints_runs_exactly_as_printed()
    {
        using var dir = new TempDir();
        var guide = dir.Ok("quickstart", "demo").Stdout;
        var lines = guide[(guide.IndexOf("Try next", StringComparison.Ordinal) + 1)..].Split('\n')
            .Skip(1).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('(')).ToList();
        Assert.Equal("cd demo", lines[0]);
        Assert.True(lines.Count > 8, guide);
        // As a user pastes them: one shell, stopping at the first failure, with no global tool on PATH.
        string script = "set -e\n" + string.Join('\n', lines.Select(l => l.Split("  # ")[0]));
        var run = Shell(dir.Path, script, ("PATH", "/usr/bin:/bin:/usr/local/bin"));
        Assert.True(run.ExitCode == 0, $"{script}\n{run}");
        Assert.Contains("Everything is intact", run.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.File("demo/three.npy")));
    }

    [Fact]
    public void Setting_up_the_tool_in_one_clone_does_not_change_what_dotnet_tensor_runs_in_another()
    {
        using var dir = new TempDir();
        string a = dir.File("a"), b = dir.File("b");
        Git(dir.Path, "clone", "--quiet", "--no-hardlinks", TensorTool.RepositoryRoot, a);
        var setupA = Shell(a, "./tensor-setup.sh");
        Assert.True(setupA.ExitCode == 0, setupA.ToString());
        // Progress while it builds: its steps and each project as it is built.
        Assert.Contains("== building and packing the tool", setupA.Stdout, StringComparison.Ordinal);
        Assert.Contains("Tessera.Core ->", setupA.Stdout, StringComparison.Ordinal);
        string versionA = Shell(a, "dotnet tensor --version").Stdout.Trim();

        Shell(dir.Path, $"cp -a '{a}' '{b}'");
        Git(b, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "--allow-empty", "-m", "another build");
        var setupB = Shell(b, "./tensor-setup.sh");
        Assert.True(setupB.ExitCode == 0, setupB.ToString());
        string versionB = Shell(b, "dotnet tensor --version").Stdout.Trim();

        Assert.NotEqual(versionA, versionB);
        Assert.Equal(versionA, Shell(a, "dotnet tensor --version").Stdout.Trim());
        Assert.Equal(0, Shell(a, "git status --porcelain --untracked-files=no").Stdout.Trim().Length);
        foreach (var version in new[] { versionA, versionB })
            Shell(dir.Path, $"rm -rf \"$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')/tessera.tool/{version.Split('+')[0]}\"");
    }

    private static ToolResult Shell(string directory, string script, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static void Git(string directory, params string[] args)
    {
        var run = Shell(directory, "git " + string.Join(' ', args.Select(a => $"'{a}'")));
        Assert.True(run.ExitCode == 0, run.ToString());
    }
}
