using System.Text;

namespace Tessera.Formats.Tests.TestSupport;

/// <summary>
/// Runs the independent-implementation scripts in tests/oracles with node. Installs their npm
/// dependencies (npm install: npm ci refuses the lock because the registry here lacks the other
/// platforms' optional DuckDB bindings) once per clone, guarded by a lock file so parallel test processes
/// do not race. A missing node is a test failure, never a silent skip.
/// </summary>
public static class NodeOracle
{
    private static readonly Lazy<string> Directory = new(Prepare);

    /// <summary>The folder holding the oracle scripts and their node_modules.</summary>
    public static string OracleDirectory => Directory.Value;

    /// <summary>Runs <c>node tests/oracles/<paramref name="scriptName"/> args...</c> and returns its stdout as UTF-8.</summary>
    public static string Run(string scriptName, params string[] arguments) =>
        Encoding.UTF8.GetString(RunBytes(scriptName, arguments));

    /// <summary>Like <see cref="Run"/> but returns raw stdout bytes.</summary>
    public static byte[] RunBytes(string scriptName, params string[] arguments)
    {
        string directory = OracleDirectory;
        return ProcessRunner.Run("node", [System.IO.Path.Combine(directory, scriptName), .. arguments], directory);
    }

    private static string Prepare()
    {
        if (!ProcessRunner.IsOnPath("node") || !ProcessRunner.IsOnPath("npm"))
        {
            throw new InvalidOperationException(
                "node and npm are required for the Parquet oracle tests: install Node.js 20+ (e.g. apt-get install nodejs npm) and rerun.");
        }
        string directory = RepoRoot.Combine("tests/oracles");
        string marker = System.IO.Path.Combine(directory, "node_modules", ".package-lock.json");
        if (File.Exists(marker))
        {
            return directory;
        }
        using var lockFile = AcquireLock(System.IO.Path.Combine(directory, ".npm-ci.lock"));
        if (!File.Exists(marker))
        {
            ProcessRunner.Run("npm", ["install", "--no-audit", "--no-fund"], directory, timeout: TimeSpan.FromMinutes(5));
        }
        return directory;
    }

    private static FileStream AcquireLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(6);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }
}
