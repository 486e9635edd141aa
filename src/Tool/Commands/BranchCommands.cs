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
        var force = new Option<bool>("--force", "-f") { Description = "With -d: delete even if its commits are on no other branch or tag; with NAME START: move branch NAME to START (creating it if needed)" };
        var move = new Option<bool>("--move", "-m") { Description = "Rename: 'branch -m NEW' renames the current branch, 'branch -m OLD NEW' another one" };
        var command = new Command("branch", "List, create, rename or delete branches") { name, start, list, delete, force, move };
        return command.HandleWithRepository((context, repo) =>
        {
            string? branchName = context.Get(name);
            if (context.Get(move))
            {
                if (branchName is null)
                    throw new InvalidInputException(ErrorCode.Usage, "Say the new name: 'dotnet tensor branch -m NEW' (the current branch) or 'dotnet tensor branch -m OLD NEW'.");
                var (old, renamed) = context.Get(start) is { } second ? (branchName, second) : (repo.HeadBranch, branchName);
                repo.Branches.Rename(old, renamed);
                return NodeCommands.ReportDone(context, $"Renamed branch {old} to {renamed}.",
                    w => JsonShapes.WriteRefChange(w, "branch", "renamed", renamed, repo.Branches[renamed]!.Tip, old));
            }
            if (context.Get(delete))
            {
                if (branchName is null)
                    throw new InvalidInputException(ErrorCode.Usage, "Say which branch to delete: 'dotnet tensor branch -d NAME'.");
                var tip = repo.Branches[branchName]?.Tip;
                repo.Branches.Delete(branchName, context.Get(force));
                return NodeCommands.ReportDone(context, $"Deleted branch {branchName}.", w => JsonShapes.WriteRefChange(w, "branch", "deleted", branchName, tip!.Value));
            }
            if (branchName is null || context.Get(list))
                return ListBranches(context, repo);
            if (context.Get(force) && repo.Branches[branchName] is not null)
            {
                var move = repo.Branches.Move(branchName, context.Get(start) ?? "HEAD");
                return ReportMove(context, move, "");
            }
            var branch = repo.Branches.Create(branchName, context.Get(start) ?? "HEAD");
            return NodeCommands.ReportDone(context, $"Created branch {branch.Name} at {branch.Tip.ToShortString()}. Switch to it with 'dotnet tensor switch {branch.Name}'.",
                w => JsonShapes.WriteRefChange(w, "branch", "created", branch.Name, branch.Tip));
        });
    }

    /// <summary>A branch moved by reset or <c>branch -f</c>: where it is now, and the commits it left on no ref (with the way back).</summary>
    internal static int ReportMove(CommandContext context, BranchMove move, string more)
    {
        if (context.Json)
        {
            context.WriteJson(w => JsonShapes.WriteBranchMove(w, move));
            return 0;
        }
        var paint = context.Paint;
        string from = move.Old is { } old ? paint.Commit(old.ToShortString()) : "(no commit)";
        context.Out.WriteLine($"{paint.Branch(move.Branch)} moved from {from} to {paint.Commit(move.New.ShortId)} {move.New.Message.Split('\n')[0]}.{more}");
        if (move.Dropped.Count > 0)
        {
            context.Out.WriteLine($"{move.Dropped.Count} commit(s) are now on no branch or tag:");
            foreach (var commit in move.Dropped.Take(10))
                context.Out.WriteLine($"  {paint.Commit(commit.ShortId)} {commit.Message.Split('\n')[0]}");
            if (move.Dropped.Count > 10)
                context.Out.WriteLine($"  … and {move.Dropped.Count - 10} more");
            if (move.Old is { } back)
                context.Out.WriteLine($"gc keeps them for 30 days; keep them for good with 'dotnet tensor branch NAME {back.ToShortString()}' ('dotnet tensor reflog' lists every move).");
        }
        return 0;
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
        var delete = new Option<bool>("--delete", "-d") { Description = "Delete tag NAME (tags never move, but may be deleted)" };
        var command = new Command("tag", "List tags, fix a name to a commit (tags never move), or delete one") { name, target, delete };
        return command.HandleWithRepository((context, repo) =>
        {
            if (context.Get(delete))
            {
                string tagToDelete = context.Get(name) ?? throw new InvalidInputException(ErrorCode.Usage, "Say which tag to delete: 'dotnet tensor tag -d NAME'.");
                var deleted = repo.Tags[tagToDelete] ?? throw new NotFoundException(ErrorCode.RefNotFound, $"No tag named '{tagToDelete}'. List tags with 'dotnet tensor tag'.");
                repo.Tags.Delete(tagToDelete);
                return NodeCommands.ReportDone(context, $"Deleted tag {tagToDelete} (was {deleted.Target.ToShortString()}).",
                    w => JsonShapes.WriteRefChange(w, "tag", "deleted", tagToDelete, deleted.Target));
            }
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
            return NodeCommands.ReportDone(context, $"Tagged {tag.Target.ToShortString()} as {tag.Name}.", w => JsonShapes.WriteRefChange(w, "tag", "created", tag.Name, tag.Target));
        });
    }

    public static Command CreateCheckout()
    {
        var target = new Argument<string?>("TARGET") { Description = "A branch to work on, or a tag or commit to look at read-only (detached HEAD); with -b: where the new branch starts", Arity = ArgumentArity.ZeroOrOne };
        var create = new Option<string?>("-b") { Description = "Create this branch (at TARGET, default HEAD) and switch to it", HelpName = "name" };
        var command = new Command("checkout", "Switch to a branch, or look at a tag or commit read-only (refuses while changes are staged)") { target, create };
        return command.HandleWithRepository((context, repo) =>
        {
            if (context.Get(create) is { } newBranch)
                return CreateAndSwitch(context, repo, newBranch, context.Get(target));
            string what = context.Get(target) ?? throw new InvalidInputException(ErrorCode.Usage, "Say where to go: 'dotnet tensor checkout BRANCH', a tag or commit (read-only), or 'checkout -b NEW'.");
            return repo.Branches[what] is not null ? Switch(context, repo, what) : Detach(context, repo, what);
        });
    }

    public static Command CreateSwitch()
    {
        var target = new Argument<string?>("BRANCH") { Description = "The branch to work on; with -c: where the new branch starts; with --detach: the tag or commit", Arity = ArgumentArity.ZeroOrOne };
        var create = new Option<string?>("--create", "-c") { Description = "Create this branch (at BRANCH, default HEAD) and switch to it", HelpName = "name" };
        var detach = new Option<bool>("--detach") { Description = "Look at a tag or commit read-only (detached HEAD)" };
        var command = new Command("switch", "Switch the branch the writer works on (refuses while changes are staged)") { target, create, detach };
        return command.HandleWithRepository((context, repo) =>
        {
            if (context.Get(create) is { } newBranch)
                return CreateAndSwitch(context, repo, newBranch, context.Get(target));
            string what = context.Get(target) ?? throw new InvalidInputException(ErrorCode.Usage, "Say which branch: 'dotnet tensor switch BRANCH', or 'switch -c NEW' to make one.");
            return context.Get(detach) ? Detach(context, repo, what) : Switch(context, repo, what);
        });
    }

    private static int CreateAndSwitch(CommandContext context, Repository repo, string name, string? start)
    {
        using var writer = repo.OpenWriterToSwitch();
        writer.CheckCanLeave();
        var branch = repo.Branches.Create(name, start ?? "HEAD");
        writer.SwitchBranch(branch.Name);
        return NodeCommands.ReportDone(context, $"Created branch {branch.Name} at {branch.Tip.ToShortString()} and switched to it.", w => WriteHead(w, repo));
    }

    private static int Switch(CommandContext context, Repository repo, string branch)
    {
        using var writer = repo.OpenWriterToSwitch();
        writer.SwitchBranch(branch);
        return NodeCommands.ReportDone(context, $"Switched to branch {writer.Branch}.", w => WriteHead(w, repo));
    }

    private static int Detach(CommandContext context, Repository repo, string revision)
    {
        var commit = repo.Detach(revision);
        return NodeCommands.ReportDone(context,
            $"HEAD is now detached at {commit.ShortId} ({revision}): a read-only checkout. Reads show this commit; to change it, start a branch here with 'dotnet tensor switch -c NAME', or go back with 'dotnet tensor switch {repo.HeadBranch}'.",
            w => WriteHead(w, repo));
    }

    /// <summary>Where HEAD is now, as <see cref="JsonShapes.WriteHead"/> writes it.</summary>
    internal static void WriteHead(System.Text.Json.Utf8JsonWriter w, Repository repo) =>
        JsonShapes.WriteHead(w, repo.HeadBranch, repo.Head?.Id, repo.Detached is not null);
}
