using System.CommandLine;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary><c>branch</c>, <c>tag</c> and <c>checkout</c>.</summary>
internal static class BranchCommands
{
    public static Command CreateBranch()
    {
        var name = new Argument<string?>("NAME") { Description = "Branch to create (or delete with -d)", Arity = ArgumentArity.ZeroOrOne };
        var start = new Argument<string?>("START") { Description = "Where the new branch starts (default: HEAD)", Arity = ArgumentArity.ZeroOrOne };
        var list = new Option<bool>("--list", "-l") { Description = "List branches (the default without NAME)" };
        var delete = new Option<bool>("--delete", "-d") { Description = "Delete branch NAME" };
        var force = new Option<bool>("--force", "-f") { Description = "With -d: delete even if its commits are on no other branch or tag" };
        var command = new Command("branch", "List, create or delete branches") { name, start, list, delete, force };
        return command.HandleWithRepository((context, repo) =>
        {
            string? branchName = context.Get(name);
            if (context.Get(delete))
            {
                if (branchName is null)
                    throw new InvalidInputException(ErrorCode.Usage, "Say which branch to delete: 'dotnet tensor branch -d NAME'.");
                repo.Branches.Delete(branchName, context.Get(force));
                return NodeCommands.ReportDone(context, $"Deleted branch {branchName}.");
            }
            if (branchName is null || context.Get(list))
                return ListBranches(context, repo);
            var branch = repo.Branches.Create(branchName, context.Get(start) ?? "HEAD");
            return NodeCommands.ReportDone(context, $"Created branch {branch.Name} at {branch.Tip.ToShortString()}. Switch to it with 'dotnet tensor checkout {branch.Name}'.");
        });
    }

    private static int ListBranches(CommandContext context, Repository repo)
    {
        var branches = repo.Branches.List();
        if (context.Json)
        {
            context.WriteJson(w => JsonShapes.WriteBranches(w, branches));
            return 0;
        }
        if (branches.Count == 0)
            context.Out.WriteLine($"No branches yet: '{repo.HeadBranch}' appears with the first commit.");
        foreach (var branch in branches)
        {
            string marker = branch.IsCurrent ? "* " : "  ";
            string shown = branch.IsCurrent ? context.Paint.Branch(branch.Name) : branch.Name;
            context.Out.WriteLine($"{marker}{shown}  {context.Paint.Commit(branch.Tip.ToShortString())} {repo.Commits.Get(branch.Tip).Message.Split('\n')[0]}");
        }
        return 0;
    }

    public static Command CreateTag()
    {
        var name = new Argument<string?>("NAME") { Description = "Tag to create (without NAME: list tags)", Arity = ArgumentArity.ZeroOrOne };
        var target = new Argument<string?>("REF") { Description = "The commit to tag (default: HEAD)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("tag", "List tags, or fix a name to a commit (tags never move)") { name, target };
        return command.HandleWithRepository((context, repo) =>
        {
            if (context.Get(name) is not { } tagName)
            {
                var tags = repo.Tags.List();
                if (context.Json)
                    context.WriteJson(w => JsonShapes.WriteTags(w, tags));
                else
                    tags.ToList().ForEach(t => context.Out.WriteLine($"{t.Name}  {context.Paint.Commit(t.Target.ToShortString())}"));
                return 0;
            }
            var tag = repo.Tags.Create(tagName, context.Get(target) ?? "HEAD");
            return NodeCommands.ReportDone(context, $"Tagged {tag.Target.ToShortString()} as {tag.Name}.");
        });
    }

    public static Command CreateCheckout()
    {
        var branch = new Argument<string>("BRANCH") { Description = "The branch the writer should work on" };
        var command = new Command("checkout", "Switch the branch the writer works on (refuses while changes are staged)") { branch };
        return command.HandleWithWriter((context, _, writer) =>
        {
            writer.SwitchBranch(context.Get(branch));
            return NodeCommands.ReportDone(context, $"Switched to branch {writer.Branch}.");
        });
    }
}
