using System.Diagnostics;
using System.Text.Json;

namespace Tessera.Lsp.Tests.Support;

/// <summary>
/// Runs a script of tests/oracles with node (installing its npm packages once, under a lock
/// file) and parses the JSON it prints. Kills it after a timeout: a hung server fails the test.
/// </summary>
public static class NodeSession
{
    private static readonly Lazy<string> Prepared = new(Prepare);

    public static JsonElement Run(string script, object config, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Prepared.Value,
        };
        info.ArgumentList.Add(Path.Combine(Prepared.Value, script));
        info.ArgumentList.Add(JsonSerializer.Serialize(config));
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish in {timeout}: {stderr.Result}");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} exited with {process.ExitCode}:\n{stderr.Result}\n{stdout.Result}");
        return JsonDocument.Parse(stdout.Result).RootElement.Clone();
    }

    private static string Prepare()
    {
        string directory = Paths.Oracles;
        if (Directory.Exists(Path.Combine(directory, "node_modules", "vscode-languageserver-protocol")))
            return directory;
        using var lockFile = AcquireLock(Path.Combine(directory, ".npm-ci.lock"));
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "vscode-languageserver-protocol")))
        {
            using var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund") { WorkingDirectory = directory, UseShellExecute = false })!;
            if (!npm.WaitForExit(TimeSpan.FromMinutes(5)) || npm.ExitCode != 0)
                throw new InvalidOperationException("npm ci in tests/oracles failed; node 20+ and npm are needed for the LSP end-to-end tests.");
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
