using System.CommandLine;
using Tessera.Formats.Mapping;
using Tessera.Formats.NumPy;
using Tessera.Tool.Cli;
using Tessera.Tool.Samples;

namespace Tessera.Tool.Commands;

/// <summary><c>put</c>, <c>get</c> and <c>rm</c> of samples.</summary>
internal static class SampleCommands
{
    public static Command CreatePut()
    {
        var path = Arguments.NodePath("Column to write to");
        var key = Arguments.Key();
        var npy = new Option<string?>("--npy") { Description = "A .npy file holding the sample (numeric for ndarray columns, strings for str columns)", HelpName = "file" };
        var text = new Option<string?>("--text") { Description = "The text of a str sample", HelpName = "string" };
        var file = new Option<string?>("--file") { Description = "A file whose bytes are the sample (bytes columns) or whose UTF-8 text is (str columns)", HelpName = "file" };
        var stacked = new Option<bool>("--stacked") { Description = "With --npy: every item along axis 0 is a sample, with integer keys KEY, KEY+1, ..." };
        var command = new Command("put", "Add or replace a sample (staged until you commit)") { path, key, npy, text, file, stacked };
        return command.HandleWithWriter((context, _, writer) =>
        {
            var sources = new[] { context.Get(npy), context.Get(text), context.Get(file) }.Count(s => s is not null);
            if (sources != 1)
                throw new InvalidInputException(ErrorCode.Usage, "Give exactly one of --npy FILE, --text STRING or --file FILE.");
            var column = writer.Column(context.Get(path));
            if (context.Get(stacked))
                return PutStacked(context, writer, column, context.Get(key), context.Get(npy));
            var (target, sampleKey) = Arguments.Locate(column, context.Get(key), (c, k) => c.Nested(k));
            if (context.Get(npy) is { } npyFile)
                SampleImport.PutArray(target, sampleKey, NpyReader.ReadFile(context.ResolveFile(npyFile)));
            else if (context.Get(text) is { } value)
                target.AddString(sampleKey, CommandLineText(value));
            else if (column.Schema.Kind == ColumnKind.Str)
                target.AddString(sampleKey, File.ReadAllBytes(context.ResolveFile(context.Get(file)!)));
            else
                target.AddBytes(sampleKey, File.ReadAllBytes(context.ResolveFile(context.Get(file)!)));
            return NodeCommands.ReportDone(context, $"Put {column.Path} {context.Get(key)} (staged).",
                w => JsonShapes.WritePut(w, column.Path, [(context.Get(key), target.IdOf(sampleKey)!.Value)]));
        });
    }

    /// <summary>
    /// Text from the command line. The runtime decodes arguments as UTF-8 and turns invalid bytes
    /// into U+FFFD before Tessera sees them, so that character is refused here: the text would not
    /// be what was typed. Text that really holds it goes in with --file, which is checked byte for byte.
    /// </summary>
    private static string CommandLineText(string value) => value.Contains('\uFFFD', StringComparison.Ordinal)
        ? throw new InvalidInputException(ErrorCode.InvalidArgument,
            "The --text argument holds U+FFFD, which is what bytes that are not valid UTF-8 become on the command line, so it is not stored. Put text from a file with --file (checked byte for byte), or raw bytes into a bytes column.")
        : value;

    /// <summary>All or nothing: the samples are staged only when every one is (a crash midway stages none).</summary>
    private static int PutStacked(CommandContext context, WriteCheckout writer, WritableColumn column, string keyText, string? npyFile)
    {
        if (npyFile is null)
            throw new InvalidInputException(ErrorCode.Usage, "--stacked reads an .npy file: pass --npy FILE.");
        var first = SampleKey.Parse(keyText);
        if (!first.IsInt)
            throw new InvalidInputException(ErrorCode.InvalidKey, $"--stacked numbers the samples from KEY, so KEY must be an integer, not '{keyText}'.");
        var array = NpyReader.ReadFile(context.ResolveFile(npyFile));
        using var operation = writer.BeginOperation($"put --stacked {Path.GetFileName(npyFile)}");
        int count = context.WithProgress($"put {column.Path}", progress => SampleImport.PutStacked(column, first.Int, array, progress));
        operation.Complete();
        return NodeCommands.ReportDone(context, $"Put {count} sample(s) into {column.Path}, keys {first.Int} to {first.Int + count - 1} (staged).",
            w => JsonShapes.WritePut(w, column.Path, Enumerable.Range(0, count).Select(i => first.Int + i)
                .Select(k => (k.ToString(System.Globalization.CultureInfo.InvariantCulture), column.IdOf(SampleKey.Of(k))!.Value))));
    }

    public static Command CreateGet()
    {
        var path = Arguments.NodePath("Column to read from");
        var key = Arguments.Key();
        var output = new Option<string?>("--out", "-o") { Description = "Write the sample to this file: .npy for ndarrays, text for str, raw for bytes", HelpName = "file" };
        var revision = new Option<string?>("--rev") { Description = "Read at this commit, branch or tag (default: the staging area)" };
        var command = new Command("get", "Print a sample, or write it to a file") { path, key, output, revision };
        return command.HandleWithRepository((context, repo) =>
        {
            var column = Snapshot.Column(repo, context.Get(path), context.Get(revision));
            var (reader, sampleKey) = Arguments.Locate(column, context.Get(key), (c, k) => c.Nested(k));
            var sample = reader.Get(sampleKey);
            if (context.Get(output) is { } file)
            {
                SampleExport.WriteFile(sample, context.ResolveFile(file));
                if (OutputFile.IsStandardOutput(context.ResolveFile(file)))
                    return 0; // stdout holds the sample alone
                return NodeCommands.ReportDone(context, $"Wrote {column.Path} {context.Get(key)} to {file}.", w => JsonShapes.WriteFileWritten(w, column.Path, context.Get(key), null, file));
            }
            if (context.Json)
                context.WriteJson(w => JsonShapes.WriteSample(w, column.Path, context.Get(key), sample));
            else
                context.Out.WriteLine(SampleText.Format(sample));
            return 0;
        });
    }

    public static Command CreateRemove()
    {
        var path = Arguments.NodePath("The column to remove samples from; without KEY, the node (column, array or group) to remove");
        var keys = new Argument<string[]>("KEY")
        {
            Description = "Keys to remove (KEY/SUBKEY in a nested column; * and ? match keys, quote them for the shell); none: remove the node itself",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Without KEY: remove a group with everything in it" };
        var command = new Command("rm", "Remove samples, or a column, array or group (staged until you commit)") { path, keys, recursive };
        return command.HandleWithWriter((context, _, writer) =>
        {
            if (context.Get(keys) is not { Length: > 0 } typed)
                return NodeCommands.RemoveNode(context, writer, context.Get(path), context.Get(recursive));
            var column = writer.Column(context.Get(path));
            var targets = KeysToRemove(column, typed);
            using (var operation = writer.BeginOperation($"rm {column.Path} {string.Join(' ', typed)}"))
            {
                foreach (var (target, key, _) in targets)
                    target.Remove(key);
                operation.Complete();
            }
            return NodeCommands.ReportDone(context, targets.Count == 1
                ? $"Removed {column.Path} {typed[0]} (staged)."
                : $"Removed {targets.Count} samples from {column.Path} (staged).",
                w => JsonShapes.WriteRemoval(w, column.Path, NodeKind.Column, targets.Select(t => t.Text), []));
        });
    }

    /// <summary>Every key the arguments name, patterns expanded; all are checked before anything is removed.</summary>
    private static List<(WritableColumn Target, SampleKey Key, string Text)> KeysToRemove(WritableColumn column, string[] typed)
    {
        var named = new List<string>();
        List<string>? present = null;
        foreach (var text in typed)
        {
            if (!Glob.IsPattern(text))
            {
                named.Add(text);
                continue;
            }
            present ??= [.. column.Keys().Select(k => k.Subkey is { } sub ? $"{k.Key}/{sub}" : k.Key.ToString())];
            var matches = present.Where(Glob.TextMatcher(text)).ToList();
            if (matches.Count == 0)
                throw new NotFoundException(ErrorCode.KeyNotFound, $"No key of column {column.Path} matches '{text}'; nothing was removed.");
            named.AddRange(matches);
        }
        var targets = new List<(WritableColumn, SampleKey, string)>();
        foreach (var text in named.Distinct(StringComparer.Ordinal))
        {
            var (target, key) = Arguments.Locate(column, text, (c, k) => c.Nested(k));
            if (!target.Contains(key))
                throw new NotFoundException(ErrorCode.KeyNotFound, $"Key {text} is not in column {column.Path}; nothing was removed.");
            targets.Add((target, key, text));
        }
        return targets;
    }
}
