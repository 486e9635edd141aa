using Tessera.Tool.Cli;

namespace Tessera.Tool.Output;

/// <summary>The text forms of commits: git's medium format, one-line, and one-line with the graph.</summary>
internal static class LogText
{
    public static void Medium(TextWriter o, Commit commit, Paint paint, string decoration, GitLink? git)
    {
        o.WriteLine(paint.Commit($"commit {commit.Id}") + decoration);
        if (commit.IsMerge)
            o.WriteLine($"Merge:  {string.Join(' ', commit.Parents.Select(p => p.ToShortString()))}");
        o.WriteLine($"Author: {commit.Author}");
        o.WriteLine($"Date:   {commit.Author.When:ddd MMM d HH:mm:ss yyyy zzz}");
        if (git is not null)
            o.WriteLine($"Git:    {git.GitCommit}{(git.Dirty ? " (dirty work tree)" : "")}");
        o.WriteLine();
        foreach (var line in commit.Message.Split('\n'))
            o.WriteLine($"    {line}");
        o.WriteLine();
    }

    public static string OneLine(Commit commit, Paint paint, string decoration) =>
        $"{paint.Commit(commit.ShortId)}{decoration} {commit.Message.Split('\n')[0]}";

    public static void Graph(TextWriter o, IEnumerable<Commit> commits, Paint paint, Func<Commit, string> decorate)
    {
        var graph = new CommitGraph();
        foreach (var commit in commits)
        {
            var (row, after) = graph.Next(commit);
            o.WriteLine($"{Colour(row, paint)} {OneLine(commit, paint, decorate(commit))}");
            if (after is not null)
                o.WriteLine(Colour(after, paint));
        }
    }

    /// <summary>Branch and tag names pointing at each commit: <c> (HEAD -> main, tag: v1)</c>.</summary>
    public static Func<Commit, string> Decorations(Repository repo, Paint paint)
    {
        var names = new Dictionary<ObjectId, List<string>>();
        foreach (var branch in repo.Branches.List())
            Add(names, branch.Tip, branch.IsCurrent ? $"HEAD -> {paint.Branch(branch.Name)}" : paint.Branch(branch.Name));
        foreach (var tag in repo.Tags.List())
            Add(names, tag.Target, paint.Commit($"tag: {tag.Name}"));
        return commit => names.TryGetValue(commit.Id, out var list) ? $" ({string.Join(", ", list)})" : "";
    }

    private static void Add(Dictionary<ObjectId, List<string>> names, ObjectId id, string name)
    {
        if (!names.TryGetValue(id, out var list))
            names[id] = list = [];
        list.Add(name);
    }

    private static string Colour(CommitGraph.Row row, Paint paint)
    {
        if (!paint.Enabled)
            return row.ToString();
        var text = row.ToString();
        return string.Concat(text.Select((c, i) => c is ' ' or '*' ? c.ToString() : paint.Lane(i / 2, c.ToString())));
    }
}
