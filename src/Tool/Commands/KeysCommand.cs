using System.CommandLine;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary>
/// <c>keys PATH [--rev REF] [--limit N]</c>: a column's keys in key order (<c>KEY/SUBKEY</c> in a nested column), or
/// an array's stored chunks; the same listing as the language server's <c>tessera/keys</c>. Reads no sample bytes.
/// </summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var path = Arguments.NodePath("Column (or array) whose keys to list");
        var revision = new Option<string?>("--rev") { Description = "Read at this commit, branch or tag (default: the staging area)" };
        var limit = new Option<int?>("--limit") { Description = "At most this many keys (default: all)", HelpName = "n" };
        var command = new Command("keys", "List a column's keys (KEY/SUBKEY in a nested column), or an array's stored chunks") { path, revision, limit };
        return command.HandleWithRepository((context, repo) =>
        {
            if (context.Get(limit) is < 0)
                throw new InvalidInputException(ErrorCode.Usage, "--limit must not be negative.");
            var view = IReadView.Open(repo, context.Get(revision));
            var node = view.Node(context.Get(path));
            if (node.Kind == NodeKind.Group)
                throw new InvalidInputException(ErrorCode.InvalidArgument, $"{node.Path} is a group; keys lists a column's keys or an array's chunks. List the group's nodes with 'dotnet tensor tree'.");
            var all = node.Kind == NodeKind.Array
                ? view.StoredChunks(node.Path).Select(JsonShapes.ChunkText)
                : view.Column(node.Path).Entries().Select(e => JsonShapes.KeyText(e.Key, e.Subkey));
            var keys = context.Get(limit) is { } n ? all.Take(n) : all;
            if (context.Json)
            {
                context.WriteJson(w => JsonShapes.WriteKeys(w, node.Path, node.Kind, node.Count, 0, keys));
                return 0;
            }
            foreach (string key in keys)
                context.Out.WriteLine(key);
            return 0;
        });
    }
}
