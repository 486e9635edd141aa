using System.Diagnostics;
using System.Text;

namespace Tessera.MSBuildTasks.Tests.Support;

/// <summary>What one <c>dotnet</c> run gave back.</summary>
public sealed record DotNetResult(int ExitCode, string Output, TimeSpan Elapsed)
{
    public override string ToString() => $"exit {this.ExitCode} after {this.Elapsed.TotalSeconds:F1} s\n{this.Output}";
}

/// <summary>
/// Runs <c>dotnet</c> as a child process the way a developer would, but isolated from the test
/// host's MSBuild: MSBuild* variables removed, and (unless asked for the build server) no build
/// nodes left behind to hold the task DLL.
/// </summary>
public static class DotNet
{
    public static DotNetResult Run(string directory, params string[] args) => Start(directory, server: false, args);

    /// <summary>
    /// A run as a developer's machine builds by default: the MSBuild server on, build nodes kept for
    /// reuse. They outlive the run until <see cref="ShutDownBuildServers"/>.
    /// </summary>
    public static DotNetResult RunOnServer(string directory, params string[] args) => Start(directory, server: true, args);

    /// <summary>Stops the MSBuild server and the build nodes <see cref="RunOnServer"/> left running.</summary>
    public static DotNetResult ShutDownBuildServers(string directory) => Start(directory, server: true, ["build-server", "shutdown"]);

    /// <summary>Whether an MSBuild server process (<c>MSBuild /nodemode:8</c>) runs on this machine (Linux: read from /proc).</summary>
    public static bool BuildServerIsRunning() =>
        Directory.EnumerateDirectories("/proc").Any(process => ReadCommandLine(process).Contains("/nodemode:8", StringComparison.Ordinal));

    /// <summary>A build with node reuse off; <c>-v:n</c> so skipped targets show in the output.</summary>
    public static DotNetResult Build(string directory, params string[] extra) =>
        Run(directory, ["build", "-nodeReuse:false", "-v:n", "-nologo", .. extra]);

    /// <summary>A process's command line, empty when it is not a process folder or it has just exited.</summary>
    private static string ReadCommandLine(string processFolder)
    {
        try
        {
            return File.ReadAllText(Path.Combine(processFolder, "cmdline"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static DotNetResult Start(string directory, bool server, string[] args)
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
        if (!server)
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = server ? "1" : "0";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var output = new StringBuilder();
        var closed = new CountdownEvent(2);
        void Collect(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
                closed.Signal();
            else
                lock (output)
                    output.AppendLine(e.Data);
        }
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} did not finish in 5 minutes.");
        }
        // A server or node started by the run may inherit the pipes and keep them open: once the
        // process is gone, its output has arrived, so waiting for the end of the streams is bounded.
        closed.Wait(TimeSpan.FromSeconds(10));
        lock (output)
            return new DotNetResult(process.ExitCode, output.ToString(), clock.Elapsed);
    }
}
