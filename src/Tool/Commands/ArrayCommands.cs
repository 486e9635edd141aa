using System.CommandLine;
using System.Globalization;
using Tessera.Formats.Mapping;
using Tessera.Formats.NumPy;
using Tessera.Tool.Cli;
using Tessera.Tool.Samples;

namespace Tessera.Tool.Commands;

/// <summary><c>array add|write|read|resize</c>: chunked N-D arrays read and written by numpy-style selections.</summary>
internal static class ArrayCommands
{
    private const int PreviewElements = 10;

    public static Command Create() => new("array", "Create chunked N-dimensional arrays and read or write them by slices")
    {
        CreateAdd(),
        CreateWrite(),
        CreateRead(),
        CreateResize(),
        NodeCommands.CreateRemove(NodeKind.Array),
    };

    private static Command CreateAdd()
    {
        var path = Arguments.NodePath("Path of the new array, e.g. /climate/temperature (missing groups are created)");
        var shape = new Option<string>("--shape") { Description = "Array shape, e.g. 100,200", Required = true };
        var chunks = new Option<string>("--chunks") { Description = "Chunk shape, same rank, e.g. 10,50", Required = true };
        var dtype = new Option<string>("--dtype") { Description = "bool, int8..int64, uint8..uint64, float16/32/64, complex64/128", Required = true };
        var fill = new Option<string>("--fill") { Description = "What unwritten elements read as: a number, nan, inf or -inf", DefaultValueFactory = _ => "0" };
        var compression = new Option<string>("--compression") { Description = "none, snappy, deflate, brotli or zstd", DefaultValueFactory = _ => "none" };
        var command = new Command("add", "Create an array") { path, shape, chunks, dtype, fill, compression };
        return command.HandleWithWriter((context, _, writer) =>
        {
            var schema = new ArraySchema(DTypes.Parse(context.Get(dtype)), ParseExtent(context.Get(shape)),
                ParseExtent(context.Get(chunks)).Select(c => (int)Math.Min(c, int.MaxValue)).ToArray(), ArraySchema.ParseFill(context.Get(fill)))
            {
                Compression = ColumnKinds.ParseCodec(context.Get(compression)),
            };
            var array = writer.CreateArray(context.Get(path), schema);
            if (context.Json)
            {
                context.WriteJson(w => NodeCommands.WriteNode(w, writer, array.Path));
                return 0;
            }
            context.Out.WriteLine($"Created array {array.Path}: {schema}. Write it with 'dotnet tensor array write {array.Path} [SLICE] --npy FILE'.");
            return 0;
        });
    }

    private static Command CreateWrite()
    {
        var path = Arguments.NodePath("Array to write");
        var selection = Selection();
        var npy = new Option<string>("--npy") { Description = "The .npy file holding the values (its dtype the array's, its shape the selection's)", HelpName = "file", Required = true };
        var command = new Command("write", "Write a .npy file's values into a selection of an array (staged)") { path, selection, npy };
        return command.HandleWithWriter((context, _, writer) =>
        {
            var array = writer.Array(context.Get(path));
            var slices = Slice.Parse(context.Get(selection) ?? "");
            var values = NpyReader.ReadFile(context.ResolveFile(context.Get(npy)));
            var dtype = NpyDTypes.FromNpy(values.Dtype);
            if (dtype != array.Schema.DType)
                throw new InvalidInputException(ErrorCode.DTypeMismatch, $"The .npy file holds {dtype.Name()}; {array.Path} holds {array.Schema.DType.Name()}. Convert it (numpy: a.astype('{array.Schema.DType.Name()}')) and write again.");
            var target = array.SelectionShape(slices);
            if (!values.Shape.SequenceEqual(target.Select(d => (long)d)))
            {
                throw new InvalidInputException(ErrorCode.ShapeMismatch,
                    $"The .npy file's shape ({string.Join(", ", values.Shape)}) is not the selection's ({string.Join(", ", target)}). Select a region of that shape, or reshape the file.");
            }
            array.WriteBytes(values.Data, slices);
            return NodeCommands.ReportDone(context, $"Wrote {values.ElementCount} element(s) into {array.Path}[{Describe(slices)}] (staged).",
                w => JsonShapes.WriteArrayWrite(w, array.Path, Describe(slices), values.ElementCount));
        });
    }

    private static Command CreateRead()
    {
        var path = Arguments.NodePath("Array to read");
        var selection = Selection();
        var output = new Option<string?>("--out") { Description = "Write the selection to this .npy file instead of showing it", HelpName = "file.npy" };
        var revision = new Option<string?>("--rev") { Description = "Read at this commit, branch or tag (default: the staging area)", HelpName = "rev" };
        var command = new Command("read", "Read a selection of an array: shape, dtype and a preview, or all of it as .npy") { path, selection, output, revision };
        return command.HandleWithRepository((context, repo) =>
        {
            var array = IReadView.Open(repo, context.Get(revision)).Array(context.Get(path));
            var slices = Slice.Parse(context.Get(selection) ?? "");
            var shape = array.SelectionShape(slices);
            var bytes = array.ReadBytes(slices);
            var dtype = array.Schema.DType;
            if (context.Get(output) is { } file)
            {
                var values = new NpyArray(NpyDTypes.ToNpy(dtype), shape.Select(d => (long)d).ToArray(), bytes);
                OutputFile.Write(context.ResolveFile(file), stream => NpyWriter.Write(stream, values));
                if (OutputFile.IsStandardOutput(context.ResolveFile(file)))
                    return 0; // stdout holds the .npy file alone
                return NodeCommands.ReportDone(context, $"Wrote {array.Path}[{Describe(slices)}] ({dtype.Name()} ({string.Join(", ", shape)})) to {file}.",
                    w => JsonShapes.WriteFileWritten(w, array.Path, null, Describe(slices), file));
            }
            if (context.Json)
            {
                context.WriteJson(w => JsonShapes.WriteArraySelection(w, array.Path, Describe(slices), dtype, shape, bytes));
                return 0;
            }
            long count = bytes.Length / dtype.ItemSize();
            var preview = Enumerable.Range(0, (int)Math.Min(count, PreviewElements)).Select(i => SampleElements.Format(dtype, bytes, i));
            context.Out.WriteLine($"{array.Path}[{Describe(slices)}]: {dtype.Name()} ({string.Join(", ", shape)}), {count} element(s)");
            context.Out.WriteLine($"  {string.Join(" ", preview)}{(count > PreviewElements ? " ..." : "")}");
            return 0;
        });
    }

    private static Command CreateResize()
    {
        var path = Arguments.NodePath("Array to resize");
        var shape = new Option<string>("--shape") { Description = "The new shape, same rank, e.g. 120,200", Required = true };
        var command = new Command("resize", "Change an array's shape: shrinking drops what falls outside, growing reads as the fill value (staged)") { path, shape };
        return command.HandleWithWriter((context, _, writer) =>
        {
            var array = writer.Array(context.Get(path));
            array.Resize(ParseExtent(context.Get(shape)));
            return NodeCommands.ReportDone(context, $"Resized {array.Path} to ({string.Join(", ", array.Shape)}) (staged).", w => NodeCommands.WriteNode(w, writer, array.Path));
        });
    }

    private static Argument<string?> Selection() => new("SLICE")
    {
        Description = "numpy-style selection, e.g. \"10:20, :\", \"::2\", \"5\" (default: everything)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static string Describe(Slice[] slices) => slices.Length == 0 ? ":" : string.Join(", ", slices);

    /// <summary>An array or chunk shape as typed: <c>100,200</c> or <c>100x200</c>.</summary>
    private static long[] ParseExtent(string text)
    {
        var parts = text.Trim().TrimStart('(').TrimEnd(')').Split([',', 'x', ' '], StringSplitOptions.RemoveEmptyEntries);
        var extent = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out extent[i]))
                throw new InvalidInputException(ErrorCode.InvalidSchema, $"'{text}' is not a shape: write dimensions separated by commas, e.g. 100,200.");
        }
        return extent;
    }
}
