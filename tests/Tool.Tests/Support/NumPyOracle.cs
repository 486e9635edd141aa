using System.Text.Json;

namespace Tessera.Tool.Tests.Support;

/// <summary>
/// Runs the Python oracle scripts of tests/oracles (numpy/, images/, hdf5/) with Debian's /usr/bin/python3 (numpy, h5py
/// and PIL are installed for it by tests/oracles/install-python-oracles.sh). A missing module fails the test with that
/// fix; it never skips.
/// </summary>
public static class NumPyOracle
{
    /// <summary>Runs tests/oracles/numpy/<paramref name="script"/> with <paramref name="arguments"/> and parses the JSON it prints.</summary>
    public static JsonElement Run(string script, params string[] arguments) => RunScript($"numpy/{script}", arguments);

    /// <summary>Runs tests/oracles/<paramref name="script"/> (a path under it) and parses the JSON it prints.</summary>
    public static JsonElement RunScript(string script, params string[] arguments)
    {
        string output;
        try
        {
            output = ExternalProgram.Run("/usr/bin/python3", [System.IO.Path.Combine(TensorTool.RepositoryRoot, "tests/oracles", script), .. arguments]);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"{script} failed (are numpy, h5py and PIL installed? run tests/oracles/install-python-oracles.sh): {e.Message}", e);
        }
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
