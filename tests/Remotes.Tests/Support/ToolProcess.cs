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
    public static (int Exit, string Out, string Err) Run(string workingDirectory, params string[] args) => Run(StartInfo(workingDirectory, args));

    /// <summary>Runs one command with git enabled, so a commit inside a git work tree records its link.</summary>
    public static (int Exit, string Out, string Err) RunWithGit(string workingDirectory, params string[] args)
    {
        var start = StartInfo(workingDirectory, args);
        start.Environment.Remove("TESSERA_NO_GIT");
        return Run(start);
    }

    private static (int Exit, string Out, string Err) Run(ProcessStartInfo start)
    {
        var args = start.ArgumentList.Skip(1);
        using var process = Process.Start(start)!;
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
