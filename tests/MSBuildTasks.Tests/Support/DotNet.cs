using System.Diagnostics;

namespace Tessera.MSBuildTasks.Tests.Support;

/// <summary>What one <c>dotnet</c> run gave back.</summary>
public sealed record DotNetResult(int ExitCode, string Output, TimeSpan Elapsed)
{
    public override string ToString() => $"exit {this.ExitCode} after {this.Elapsed.TotalSeconds:F1} s\n{this.Output}";
}

/// <summary>
/// Runs <c>dotnet</c> as a child process the way a developer would, but isolated from the test
/// host's MSBuild: MSBuild* variables removed, and no build nodes left behind to hold the task DLL.
/// </summary>
public static class DotNet
{
    public static DotNetResult Run(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} did not finish in 5 minutes.");
        }
        return new DotNetResult(process.ExitCode, stdout.Result + stderr.Result, clock.Elapsed);
    }

    /// <summary>A build with node reuse off; <c>-v:n</c> so skipped targets show in the output.</summary>
    public static DotNetResult Build(string directory, params string[] extra) =>
        Run(directory, ["build", "-nodeReuse:false", "-v:n", "-nologo", .. extra]);
}
