using System.CommandLine;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary><c>link REF --git REV</c>: attaches the code's git commit to a dataset commit after the fact (its id does not change).</summary>
internal static class LinkCommands
{
    public static Command Create()
    {
        var revision = new Argument<string>("REF") { Description = "The dataset commit, branch or tag to link" };
        var git = new Option<string>("--git") { Description = "The code's git revision (commit, branch or tag)", Required = true };
        var workTree = GitWorkTreeOption.Create("The code's git work tree (default: the repository's folder's, else the current folder's)");
        var command = new Command("link", "Record which git commit of the code made a dataset commit") { revision, git, workTree };
        return command.HandleWithRepository((context, repo) =>
        {
            var commit = repo.Lookup(context.Get(revision));
            var link = repo.GitLinks.Link(commit.Id.ToString(), context.Get(git), GitWorkTreeOption.Get(context, workTree));
            if (context.Json)
            {
                context.WriteJson(w => JsonShapes.WriteCommit(w, commit, link));
                return 0;
            }
            context.Out.WriteLine($"Linked {context.Paint.Commit(commit.ShortId)} to git {link.GitCommit}.");
            return 0;
        });
    }
}
