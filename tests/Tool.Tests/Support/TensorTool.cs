using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Tessera.Tool.Tests.Support;

/// <summary>What one run of the tool gave back.</summary>
public sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonElement Json => JsonDocument.Parse(this.Stdout).RootElement;

    /// <summary>The <c>--json</c> error object on stderr.</summary>
    public JsonElement Error => JsonDocument.Parse(this.Stderr).RootElement;

    public override string ToString() => $"exit {this.ExitCode}\nstdout: {this.Stdout}\nstderr: {this.Stderr}";
}

/// <summary>Runs the built <c>dotnet-tensor.dll</c> as a separate process, as users do.</summary>
public static class TensorTool
{
    public static string Path { get; } = Metadata("ToolPath");

    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static ToolResult Run(string workingDirectory, params string[] args) => RunVia([], workingDirectory, args);

    /// <summary>Runs the tool through <paramref name="launcher"/> (a program and its arguments that then run dotnet, such as setpriv to run as another user).</summary>
    public static ToolResult RunVia(IReadOnlyList<string> launcher, string workingDirectory, params string[] args)
    {
        using var process = Start(launcher, workingDirectory, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet-tensor {string.Join(' ', args)} did not finish in 2 minutes.");
        }
        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts the tool without waiting for it (the caller reads its output and waits, or kills it).</summary>
    public static Process Start(string workingDirectory, params string[] args) => Start([], workingDirectory, args);

    /// <summary><see cref="Start(string, string[])"/> through <paramref name="launcher"/>, as <see cref="RunVia"/> runs it.</summary>
    public static Process StartVia(IReadOnlyList<string> launcher, string workingDirectory, params string[] args) => Start(launcher, workingDirectory, args);

    private static Process Start(IReadOnlyList<string> launcher, string workingDirectory, string[] args)
    {
        string[] command = [.. launcher, "dotnet", Path, .. args];
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1))
            start.ArgumentList.Add(arg);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        return Process.Start(start)!;
    }

    private static string Metadata(string key) =>
        typeof(TensorTool).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;
}
