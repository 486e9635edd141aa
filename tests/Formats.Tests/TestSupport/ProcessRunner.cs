using System.Diagnostics;

namespace Tessera.Formats.Tests.TestSupport;

/// <summary>Runs an external program with a timeout and returns its standard output; a non-zero exit fails.</summary>
public static class ProcessRunner
{
    public static byte[] Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        byte[]? standardInput = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var readErr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            process.StandardInput.BaseStream.Write(standardInput);
            process.StandardInput.Close();
        }
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in time.");
        }
        copyOut.Wait();
        string stderr = readErr.Result;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr}");
        }
        return stdout.ToArray();
    }

    /// <summary>True when <paramref name="fileName"/> can be found on PATH.</summary>
    public static bool IsOnPath(string fileName) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator)
            .Any(dir => File.Exists(System.IO.Path.Combine(dir, fileName)));
}
