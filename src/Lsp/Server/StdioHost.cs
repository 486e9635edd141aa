namespace Tessera.Lsp.Server;

/// <summary>Runs the language server on the process's stdin and stdout.</summary>
public static class StdioHost
{
    /// <summary>Serves until <c>exit</c> or the end of stdin; returns the process exit code.</summary>
    public static int Run(TextWriter log)
    {
        using var input = Console.OpenStandardInput();
        using var output = Console.OpenStandardOutput();
        // stdout carries the protocol: anything else written to Console.Out goes to the log instead.
        Console.SetOut(log);
        using var server = new LanguageServer(input, output, log);
        return server.RunAsync().GetAwaiter().GetResult();
    }
}
