using System.Text;
using Tessera.Formats.Tests.TestSupport;

namespace Tessera.Formats.Tests.NumPy;

/// <summary>
/// Runs Debian's <c>/usr/bin/python3</c>, the interpreter the oracle scripts target (python3-numpy is installed for it,
/// not for any other python on PATH). Missing python or numpy fails the test with the fix; it never skips.
/// </summary>
public static class SystemPython
{
    public const string Executable = "/usr/bin/python3";

    private static readonly Lazy<bool> NumPyPresent = new(() => Probe("import numpy"));

    /// <summary>Runs a script from tests/oracles/numpy and returns its stdout.</summary>
    public static string RunNumPyScript(string scriptName, params string[] arguments)
    {
        RequireNumPy();
        string script = RepoRoot.Combine(Path.Combine("tests/oracles/numpy", scriptName));
        return Encoding.UTF8.GetString(ProcessRunner.Run(Executable, [script, .. arguments], timeout: TimeSpan.FromMinutes(3)));
    }

    /// <summary>Runs inline Python code (no numpy needed), feeding <paramref name="standardInput"/>, and returns stdout bytes.</summary>
    public static byte[] RunCode(string code, byte[]? standardInput = null, params string[] arguments)
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"{Executable} is missing: install python3 (apt-get install -y python3).");
        return ProcessRunner.Run(Executable, ["-c", code, .. arguments], standardInput: standardInput);
    }

    public static void RequireNumPy()
    {
        if (!NumPyPresent.Value)
            throw new InvalidOperationException(
                $"{Executable} cannot import numpy: install python3-numpy (apt-get install -y python3-numpy), or run tests/oracles/install-python-oracles.sh.");
    }

    private static bool Probe(string code)
    {
        if (!File.Exists(Executable))
            return false;
        try
        {
            RunCode(code);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
