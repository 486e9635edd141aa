using System.CommandLine;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary><c>column add|list|rm</c>.</summary>
internal static class ColumnCommands
{
    public static Command Create() => new("column", "Create, list and remove columns")
    {
        CreateAdd(),
        CreateList(),
        NodeCommands.CreateRemove(NodeKind.Column),
    };

    private static Command CreateAdd()
    {
        var path = Arguments.NodePath("Path of the new column, e.g. /mnist/images (missing groups are created)");
        var kind = new Option<string>("--kind") { Description = "What the column holds", DefaultValueFactory = _ => "ndarray" };
        kind.AcceptOnlyFromAmong("ndarray", "str", "bytes");
        var dtype = new Option<string?>("--dtype") { Description = "Element type of an ndarray column: bool, int8..int64, uint8..uint64, float16/32/64, complex64/128" };
        var shape = new Option<string?>("--shape") { Description = "Fixed sample shape, e.g. 28,28 (empty for scalars)" };
        var maxShape = new Option<string?>("--max-shape") { Description = "Variable sample shape: each dimension at most this, e.g. 100,100" };
        var nested = new Option<bool>("--nested") { Description = "Key samples by KEY/SUBKEY" };
        var compression = new Option<string>("--compression") { Description = "none, snappy, deflate, brotli or zstd", DefaultValueFactory = _ => "none" };
        var command = new Command("add", "Create a column") { path, kind, dtype, shape, maxShape, nested, compression };
        return command.HandleWithWriter((context, _, writer) =>
        {
            var schema = BuildSchema(context.Get(kind), context.Get(dtype), context.Get(shape), context.Get(maxShape)) with
            {
                Layout = context.Get(nested) ? ColumnLayout.Nested : ColumnLayout.Flat,
                Compression = ColumnKinds.ParseCodec(context.Get(compression)),
            };
            var column = writer.CreateColumn(context.Get(path), schema);
            if (context.Json)
            {
                context.WriteJson(w => NodeCommands.WriteNode(w, writer, column.Path));
                return 0;
            }
            context.Out.WriteLine($"Created column {column.Path}: {schema}. Add samples with 'dotnet tensor put {column.Path} KEY ...'.");
            return 0;
        });
    }

    private static ColumnSchema BuildSchema(string kind, string? dtype, string? shape, string? maxShape)
    {
        var columnKind = ColumnKinds.Parse(kind);
        if (columnKind != ColumnKind.NDArray)
        {
            if (dtype is not null || shape is not null || maxShape is not null)
                throw new InvalidInputException(ErrorCode.InvalidArgument, $"A {kind} column has no dtype or shape; drop --dtype, --shape and --max-shape.");
            return columnKind == ColumnKind.Str ? ColumnSchema.Str() : ColumnSchema.Bytes();
        }
        if (dtype is null)
            throw new InvalidInputException(ErrorCode.InvalidArgument, "An ndarray column needs --dtype (e.g. --dtype uint8), or pass --kind str|bytes.");
        if ((shape is null) == (maxShape is null))
            throw new InvalidInputException(ErrorCode.InvalidArgument, "Give exactly one of --shape (fixed, e.g. 28,28) or --max-shape (variable, e.g. 100,100).");
        var type = DTypes.Parse(dtype);
        return shape is not null
            ? ColumnSchema.NDArray(type, Arguments.ParseShape(shape))
            : ColumnSchema.VariableNDArray(type, Arguments.ParseShape(maxShape!));
    }

    private static Command CreateList()
    {
        var revision = new Option<string?>("--rev") { Description = "List the columns of this commit, branch or tag (default: the staging area)" };
        var command = new Command("list", "List columns with their schemas and sample counts") { revision };
        return command.HandleWithRepository((context, repo) =>
        {
            var (commit, nodes) = Snapshot.Nodes(repo, context.Get(revision));
            var columns = nodes.Where(n => n.Kind == NodeKind.Column).OrderBy(n => n.Path, StringComparer.Ordinal).ToList();
            if (context.Json)
            {
                context.WriteJson(w => JsonShapes.WriteTree(w, commit, columns));
                return 0;
            }
            if (columns.Count == 0)
                context.Out.WriteLine("No columns yet. Create one with 'dotnet tensor column add PATH --dtype T --shape ...'.");
            int width = columns.Select(c => c.Path.Length).DefaultIfEmpty(0).Max();
            foreach (var column in columns)
                context.Out.WriteLine($"{column.Path.PadRight(width)}  {column.Schema}  {column.Count} sample(s)");
            return 0;
        });
    }
}
