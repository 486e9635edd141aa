using System.CommandLine;
using Tessera.Tool.Cli;
using Tessera.Tool.Output;

namespace Tessera.Tool.Commands;

/// <summary><c>log</c>, <c>show</c> and <c>summary</c>.</summary>
internal static class HistoryCommands
{
    public static Command CreateLog()
    {
        var revision = new Argument<string?>("REF") { Description = "Start from this commit, branch or tag (default: HEAD); A..B lists what B has and A has not, A...B what either has and the other has not", Arity = ArgumentArity.ZeroOrOne };
        var graph = new Option<bool>("--graph") { Description = "Draw the commit graph (one line per commit)" };
        var oneline = new Option<bool>("--oneline") { Description = "One line per commit" };
        var all = new Option<bool>("--all") { Description = "Every branch and tag, not only REF" };
        var limit = new Option<int?>("-n", "--max-count") { Description = "Show at most this many commits" };
        var git = new Option<string?>("--git") { Description = "Only commits made at this git revision of the code" };
        var workTree = GitWorkTreeOption.Create("With --git: the code's git work tree (default: the repository's folder's, else the current folder's)");
        var path = new Option<string?>("--path") { Description = "Only commits that changed a node matching this glob (* within a segment, ** across)", HelpName = "glob" };
        var command = new Command("log", "Show the commit history, newest first") { revision, graph, oneline, all, limit, git, workTree, path };
        return command.HandleWithRepository((context, repo) =>
        {
            if (context.Get(git) is null && context.Get(workTree) is not null)
                throw new InvalidInputException(ErrorCode.Usage, $"{GitWorkTreeOption.Name} goes with --git REV: it names the work tree REV is read in.");
            IEnumerable<Commit> commits = context.Get(git) is { } gitRevision
                ? repo.GitLinks.MadeAt(gitRevision, GitWorkTreeOption.Get(context, workTree))
                : repo.Commits.Query(Query(repo, context.Get(revision), context.Get(all)) with { PathGlob = context.Get(path) });
            if (context.Get(limit) is { } n)
            {
                if (n < 0)
                    throw new InvalidInputException(ErrorCode.Usage, "-n takes a count ≥ 0.");
                commits = commits.Take(n);
            }
            if (context.Json)
            {
                context.WriteJson(w => JsonShapes.WriteLog(w, commits, c => repo.GitLinks[c.Id]));
                return 0;
            }
            var paint = context.Paint;
            var decorate = LogText.Decorations(repo, paint);
            if (context.Get(graph))
            {
                LogText.Graph(context.Out, commits, paint, decorate);
                return 0;
            }
            foreach (var commit in commits)
            {
                if (context.Get(oneline))
                    context.Out.WriteLine(LogText.OneLine(commit, paint, decorate(commit)));
                else
                    LogText.Medium(context.Out, commit, paint, decorate(commit), repo.GitLinks[commit.Id]);
            }
            return 0;
        });
    }

    private static LogQuery Query(Repository repo, string? revision, bool all)
    {
        if (!all)
            return LogQuery.For(revision);
        if (revision is not null)
            throw new InvalidInputException(ErrorCode.Usage, "--all starts from every branch and tag: give it no REF.");
        return new LogQuery { Include = [.. repo.Branches.List().Select(b => b.Tip.ToString()).Concat(repo.Tags.List().Select(t => t.Target.ToString()))] };
    }

    public static Command CreateShow()
    {
        var revision = new Argument<string>("REF") { Description = "A commit, branch or tag", DefaultValueFactory = _ => "HEAD" };
        var command = new Command("show", "Show a commit and what it changed against its first parent") { revision };
        return command.HandleWithRepository((context, repo) =>
        {
            var commit = repo.Lookup(context.Get(revision));
            var options = new DiffOptions { IncludeKeys = false };
            var nodes = commit.Parents.Count > 0
                ? repo.Diff(commit.Parents[0].ToString(), commit.Id.ToString(), options).Nodes
                : repo.Checkout(commit.Id.ToString()).Nodes.Select(AsAdded).ToList();
            if (context.Json)
            {
                context.WriteJson(w => JsonShapes.WriteShow(w, commit, repo.GitLinks[commit.Id], nodes));
                return 0;
            }
            LogText.Medium(context.Out, commit, context.Paint, LogText.Decorations(repo, context.Paint)(commit), repo.GitLinks[commit.Id]);
            int width = Counts.PathWidth(nodes);
            foreach (var node in nodes)
                context.Out.WriteLine(Counts.NodeLine(node, context.Paint, width));
            return 0;
        });
    }

    /// <summary>A root commit's nodes shown as added, as git shows a root commit's files.</summary>
    private static NodeDiff AsAdded(NodeInfo node) =>
        new(node.Path, null, node.Kind, NodeChange.Added, false, [], node.Count, 0, 0, []);

    public static Command CreateSummary()
    {
        var revision = new Argument<string>("REF") { Description = "A commit, branch or tag", DefaultValueFactory = _ => "HEAD" };
        var command = new Command("summary", "Nodes, sample counts and disk use at a commit") { revision };
        return command.HandleWithRepository((context, repo) =>
        {
            var summary = repo.Summarize(context.Get(revision));
            if (context.Json)
            {
                context.WriteJson(w => JsonShapes.WriteSummary(w, summary));
                return 0;
            }
            var o = context.Out;
            o.WriteLine($"Commit {context.Paint.Commit(summary.Commit.ShortId)} {summary.Commit.Message.Split('\n')[0]}");
            o.WriteLine($"{summary.Nodes.Count(n => n.Kind == NodeKind.Column)} column(s), {summary.Samples} sample(s)");
            foreach (var node in summary.Nodes.Where(n => n.Kind == NodeKind.Column).OrderBy(n => n.Path, StringComparer.Ordinal))
                o.WriteLine($"  {node.Path}  {node.Schema}  {node.Count}");
            var disk = summary.Disk;
            o.WriteLine($"Disk: {Counts.Bytes(disk.TotalBytes)} ({Counts.Bytes(disk.DatabaseBytes)} bookkeeping, {Counts.Bytes(disk.PackBytes)} in {disk.Packs} pack(s), {disk.Blobs} distinct sample(s))");
            return 0;
        });
    }
}
