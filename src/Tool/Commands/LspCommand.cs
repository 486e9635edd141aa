using System.CommandLine;
using Tessera.Lsp.Server;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary><c>lsp</c>: the language server on stdin/stdout, for editors (docs/lsp.md).</summary>
internal static class LspCommand
{
    public static Command Create()
    {
        var logFile = new Option<string?>("--log") { Description = "Append the server's log to this file (default: stderr)", HelpName = "file" };
        var command = new Command("lsp", "Run the language server (LSP 3.17 over stdin/stdout) for editors") { logFile };
        return command.Handle(context =>
        {
            if (context.Get(logFile) is not { } file)
                return StdioHost.Run(Console.Error);
            using var log = new StreamWriter(context.ResolveFile(file), append: true) { AutoFlush = true };
            return StdioHost.Run(log);
        });
    }
}
