using System.Diagnostics;
using System.Reflection;

namespace Tessera.Remotes.Tests.Support;

/// <summary>The built <c>dotnet-tensor</c>, run as users run it.</summary>
public static class ToolProcess
{
    private static readonly string ToolPath = typeof(ToolProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "ToolPath").Value!;

    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolPath);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["TESSERA_NO_GIT"] = "1";
        return start;
    }

    /// <summary>Runs one command; returns its exit code, stdout and stderr.</summary>
    public static (int Exit, string Out, string Err) Run(string workingDirectory, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet-tensor {string.Join(' ', args)} did not finish in 2 minutes.");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
