using System.Text.Json;

namespace Tessera.Tool.Tests.Support;

/// <summary>
/// Runs the numpy scripts of tests/oracles/numpy with Debian's /usr/bin/python3 (python3-numpy is installed for
/// it by tests/oracles/install-numpy.sh). A missing numpy fails the test with that fix; it never skips.
/// </summary>
public static class NumPyOracle
{
    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/> and parses the JSON it prints.</summary>
    public static JsonElement Run(string script, params string[] arguments)
    {
        string output;
        try
        {
            output = ExternalProgram.Run("/usr/bin/python3", [System.IO.Path.Combine(TensorTool.RepositoryRoot, "tests/oracles/numpy", script), .. arguments]);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"{script} failed (is numpy installed? run tests/oracles/install-numpy.sh): {e.Message}", e);
        }
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
