using System.CommandLine;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary><c>tree [REF]</c>: the node tree with kinds, dtypes, shapes and sample counts.</summary>
internal static class TreeCommand
{
    public static Command Create()
    {
        var revision = new Argument<string?>("REF") { Description = "A commit, branch or tag (default: the staging area)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("tree", "Show the node tree: groups, columns and arrays with dtypes, shapes, chunks and counts") { revision };
        return command.HandleWithRepository((context, repo) =>
        {
            var (commit, nodes) = Snapshot.Nodes(repo, context.Get(revision));
            if (context.Json)
            {
                context.WriteJson(w => JsonShapes.WriteTree(w, commit, nodes));
                return 0;
            }
            if (nodes.Count == 0)
            {
                context.Out.WriteLine("The tree is empty. Add a column with 'dotnet tensor column add PATH --dtype T --shape ...'.");
                return 0;
            }
            foreach (var node in nodes.OrderBy(n => n.Path, StringComparer.Ordinal))
            {
                int depth = node.Path.Count(c => c == '/') - 1;
                string name = new string(' ', depth * 2) + Names.LeafOf(node.Path) + (node.Kind == NodeKind.Group ? "/" : "");
                string detail = node.Schema is { } schema ? $"{schema}  {node.Count} sample(s)"
                    : node.Array is { } array ? $"{array}  {node.Count} chunk(s) stored" : "";
                context.Out.WriteLine(detail.Length == 0 ? context.Paint.Strong(name) : $"{name.PadRight(28)} {context.Paint.Dim(detail)}");
            }
            return 0;
        });
    }
}
