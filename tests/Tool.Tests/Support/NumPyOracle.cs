using System.Diagnostics;
using System.Text.Json;

namespace Tessera.Tool.Tests.Support;

/// <summary>
/// Runs the numpy scripts of tests/oracles/numpy with Debian's /usr/bin/python3 (python3-numpy is installed for
/// it by tests/oracles/install-numpy.sh). A missing numpy fails the test with that fix; it never skips.
/// </summary>
public static class NumPyOracle
{
    private const string Python = "/usr/bin/python3";

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/> and parses the JSON it prints.</summary>
    public static JsonElement Run(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(System.IO.Path.Combine(TensorTool.RepositoryRoot, "tests/oracles/numpy", script));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start: install python3.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish in 2 minutes.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{script} exited with {process.ExitCode} (is numpy installed? run tests/oracles/install-numpy.sh): {stderr.Result}");
        }
        return JsonDocument.Parse(stdout.Result).RootElement.Clone();
    }
}
