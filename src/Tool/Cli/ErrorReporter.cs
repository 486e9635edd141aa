using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tessera.Formats.NumPy;

namespace Tessera.Tool.Cli;

/// <summary>
/// Turns every failure into one message on stderr and an exit code from the <see cref="ErrorCode"/>
/// table: text for people, <c>{code, exit, message}</c> with <c>--json</c>. Never a stack trace,
/// unless TESSERA_DEBUG=1 asks for one.
/// </summary>
internal static class ErrorReporter
{
    public static int Report(Exception exception, bool json)
    {
        var (code, message) = Classify(exception);
        Write(code, message, json);
        if (Environment.GetEnvironmentVariable("TESSERA_DEBUG") == "1")
            Console.Error.WriteLine(exception);
        return code.ExitCode();
    }

    /// <summary>A command-line usage error (exit 2), with the way to see the usage.</summary>
    public static int ReportUsage(ParseResult parse, bool json) => ReportUsage(parse, parse.Errors[0].Message, json);

    /// <summary>A usage error with its own <paramref name="problem"/>, and the way to see the usage.</summary>
    public static int ReportUsage(ParseResult parse, string problem, bool json)
    {
        string command = string.Join(' ', EnumerateCommandNames(parse));
        string message = $"{problem} Run 'dotnet tensor {command}{(command.Length > 0 ? " " : "")}--help' to see the usage.";
        Write(ErrorCode.Usage, message, json);
        return ErrorCode.Usage.ExitCode();
    }

    public static void Write(ErrorCode code, string message, bool json)
    {
        if (json)
        {
            using var stderr = Console.OpenStandardError();
            using (var w = new Utf8JsonWriter(stderr, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                JsonShapes.WriteError(w, code, message);
            stderr.Write("\n"u8);
            return;
        }
        Console.Error.WriteLine($"{Paint.ForStderr().Error("error:")} {message}");
    }

    private static (ErrorCode Code, string Message) Classify(Exception exception) => exception switch
    {
        TesseraException t => (t.Code, Advice.For(t) is { } advice ? $"{t.Message} {advice}" : t.Message),
        _ when StorageErrors.IsDiskFull(exception) => (ErrorCode.Io,
            $"The disk is full ({exception.Message.TrimEnd('.')}). The command stopped and kept nothing of what it was doing; free some space and run it again."),
        NpyFormatException n => (ErrorCode.InvalidArgument, $"The .npy file cannot be read: {n.Message}"),
        FileNotFoundException f => (ErrorCode.Io, $"{f.Message} Check the path."),
        DirectoryNotFoundException d => (ErrorCode.Io, $"{d.Message} Check the path."),
        UnauthorizedAccessException u => (ErrorCode.Io, $"{u.Message} Check the permissions."),
        IOException io => (ErrorCode.Io, $"{io.Message} Check the disk and the path, then try again."),
        SqliteException s => (ErrorCode.Io, $"The repository database failed: {s.Message} Run 'dotnet tensor verify'."),
        _ => (ErrorCode.Internal,
            $"Unexpected {exception.GetType().Name}: {exception.Message} This is a bug in Tessera; please report it with the command you ran (set TESSERA_DEBUG=1 to see the stack trace)."),
    };

    private static IEnumerable<string> EnumerateCommandNames(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
            names.Add(result.Command.Name);
        names.Reverse();
        return names;
    }
}
