using System.CommandLine;
using Tessera.Git;
using Tessera.Pins;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary>
/// <c>pin</c> writes a project's <c>TensorDataset</c> item; <c>pin --check</c> resolves every pin as the
/// build does (same codes and messages) and fails when one is broken or stale; <c>pins --git REV</c>
/// lists what a project pinned at a code revision.
/// </summary>
internal static class PinCommands
{
    public static Command CreatePin()
    {
        var project = new Argument<string>("PROJECT") { Description = "The project file (.csproj) that builds against the dataset" };
        var check = new Option<bool>("--check") { Description = "Check every pin of PROJECT (for CI): exit 81 when one is broken or its branch moved on" };
        var dataset = new Option<string?>("--dataset") { Description = "The pin's name (TensorDataset Include)" };
        var repository = new Option<string?>("--repository") { Description = "The dataset repository's folder (written relative to the project)" };
        var commit = new Option<string?>("--commit") { Description = "Pin this commit (an id, branch or tag is resolved to its commit id)" };
        var branch = new Option<string?>("--branch") { Description = "Pin this branch's tip, and warn in builds when the branch moves on" };
        var columns = new Option<string?>("--columns") { Description = "Columns to check and materialize, separated by ';' (default: keep, or all)" };
        var command = new Command("pin", "Pin a dataset commit into a .NET project (a TensorDataset item), or check a project's pins")
        {
            project, check, dataset, repository, commit, branch, columns,
        };
        return command.Handle(context =>
        {
            var projectFile = context.ResolveFile(context.Get(project));
            if (!File.Exists(projectFile))
                throw new FileNotFoundException($"Project file '{projectFile}' does not exist.");
            if (context.Get(check))
                return Check(context, projectFile);
            var name = context.Get(dataset) ?? throw Usage("pin needs --dataset NAME (or --check).");
            if (context.Get(commit) is not null && context.Get(branch) is not null)
                throw Usage("Give --commit or --branch, not both: --branch pins the branch's tip.");
            var existing = ProjectPins.Read(projectFile).FirstOrDefault(p => p.Pin.Name == name)?.Pin;
            var repositoryDir = context.Get(repository) is { } dir ? context.ResolveFile(dir)
                : existing?.Repository is { } written ? Path.GetFullPath(written, Path.GetDirectoryName(projectFile)!)
                : throw Usage($"Dataset '{name}' is not pinned in {Path.GetFileName(projectFile)} yet: give --repository DIR.");
            return Write(context, projectFile, existing, name, repositoryDir, context.Get(commit), context.Get(branch), context.Get(columns));
        });
    }

    private static int Write(CommandContext context, string projectFile, DatasetPin? existing, string name, string repositoryDir, string? commitRef, string? branchName, string? columnList)
    {
        string projectDir = Path.GetDirectoryName(projectFile)!;
        using var repo = Repository.Open(repositoryDir);
        string? branch = branchName ?? (commitRef is null ? existing?.Branch ?? repo.HeadBranch : existing?.Branch);
        var commit = repo.Lookup(commitRef ?? branch!);
        var pin = new DatasetPin(name, Path.GetRelativePath(projectDir, repo.Root).Replace('\\', '/'), commit.ShortId, branch,
            columnList is null ? existing?.Columns ?? [] : DatasetPin.ParseColumns(columnList));
        var resolution = PinResolver.Resolve(pin, projectDir);
        if (resolution.Diagnostics.FirstOrDefault(d => d.IsError) is { } error)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"{error.Code}: {PinAdvice.Text(error)}");
        ProjectPins.Write(projectFile, pin);
        if (context.Json)
        {
            context.WriteJson(w => JsonShapes.WritePinResolution(w, resolution));
            return 0;
        }
        string on = branch is null ? "" : $" (branch {context.Paint.Branch(branch)})";
        context.Out.WriteLine($"Pinned {name} to {context.Paint.Commit(commit.ShortId)}{on} in {Path.GetFileName(projectFile)}: {resolution.Nodes.Count} column(s).");
        return 0;
    }

    private static int Check(CommandContext context, string projectFile)
    {
        string projectDir = Path.GetDirectoryName(projectFile)!;
        var pins = ProjectPins.Read(projectFile);
        var duplicates = PinResolver.FindDuplicates(pins.Select(p => p.Pin)).ToList();
        var results = pins.DistinctBy(p => p.Pin.Name, StringComparer.OrdinalIgnoreCase)
            .Select(p => (Location: p, Resolution: PinResolver.Resolve(p.Pin, projectDir))).ToList();
        bool failed = duplicates.Count > 0 || results.Any(r => r.Resolution.NeedsAttention);
        if (context.Json)
        {
            context.WriteJson(w => JsonShapes.WritePinCheck(w, projectFile, !failed, results.Select(r => r.Resolution)));
        }
        else
        {
            // MSBuild's canonical form, so CI logs and editors link each finding to the item.
            string file = Path.GetFileName(projectFile);
            foreach (var (name, error) in duplicates)
                context.Out.WriteLine($"{file}: error {error.Code}: {PinAdvice.Text(error)}");
            foreach (var (location, resolution) in results)
            {
                foreach (var d in resolution.Diagnostics)
                    context.Out.WriteLine($"{file}({location.Line},{location.Column}): {(d.IsError ? "error" : "warning")} {d.Code}: {PinAdvice.Text(d)}");
                if (resolution.Diagnostics.Count == 0)
                    context.Out.WriteLine($"{location.Pin.Name}: {context.Paint.Commit(resolution.Commit!.ShortId)} ok ({resolution.Nodes.Count} column(s){(location.Pin.Branch is { } b ? $", tip of {b}" : "")})");
            }
            if (results.Count == 0)
                context.Out.WriteLine($"{file} pins no datasets (no TensorDataset items).");
        }
        if (!failed)
            return 0;
        ErrorReporter.Write(ErrorCode.PinCheckFailed,
            $"{results.Count(r => r.Resolution.NeedsAttention) + duplicates.Count} pin(s) of {Path.GetFileName(projectFile)} are broken or stale; fix them as the messages say, or re-pin with 'dotnet tensor pin'.", context.Json);
        return ErrorCode.PinCheckFailed.ExitCode();
    }

    public static Command CreatePins()
    {
        var git = new Option<string>("--git") { Description = "The code revision (a git commit, branch or tag) to read the project file at", Required = true };
        var project = new Argument<string?>("PROJECT") { Description = "The project file (default: the only project file in the folder)", Arity = ArgumentArity.ZeroOrOne };
        var workTree = GitWorkTreeOption.Create("The git work tree to read the project's history from (default: the one holding the project)");
        var command = new Command("pins", "List the dataset commits a project pinned at a git revision of its code") { git, project, workTree };
        return command.Handle(context =>
        {
            var projectFile = context.Get(project) is { } given ? context.ResolveFile(given) : FindProject(context.Directory);
            var projectDir = Path.GetDirectoryName(projectFile)!;
            var gitFolder = GitWorkTreeOption.Get(context, workTree) ?? projectDir;
            var revision = context.Get(git);
            var top = GitWorkTree.TopLevel(gitFolder) ?? throw new StateException(ErrorCode.GitUnavailable, gitFolder == projectDir
                ? $"'{projectDir}' is not in a git work tree (or git is missing). Run 'pins --git' on a project kept in git, or name the work tree that holds it with {GitWorkTreeOption.Name} DIR."
                : $"'{gitFolder}' ({GitWorkTreeOption.Name}) is not in a git work tree (or git is missing).");
            var relative = Path.GetRelativePath(top, projectFile);
            if (relative.Split(Path.DirectorySeparatorChar)[0] == ".." || Path.IsPathRooted(relative))
                throw new InvalidInputException(ErrorCode.InvalidArgument, $"{projectFile} is not in the git work tree at '{top}'. Name the work tree that holds the project with {GitWorkTreeOption.Name} DIR.");
            var sha = GitWorkTree.ResolveCommit(gitFolder, revision) ?? throw new NotFoundException(ErrorCode.RefNotFound,
                $"'{revision}' is not a commit of the git repository at '{top}'. List commits with 'git log --oneline'.");
            var text = GitWorkTree.ShowFile(gitFolder, sha, relative) ?? throw new NotFoundException(ErrorCode.KeyNotFound,
                $"{relative} is not in git commit {sha[..12]}. Check the path, or pick a revision that has the project ('git log --oneline -- {relative}').");
            var pins = ProjectPins.Parse(text).Select(p => (p.Pin, Resolved: Resolve(p.Pin, projectDir))).ToList();
            if (context.Json)
            {
                context.WriteJson(w => JsonShapes.WriteProjectPins(w, projectFile, sha, pins));
                return 0;
            }
            context.Out.WriteLine($"{Path.GetFileName(projectFile)} at git {sha[..12]} pins {pins.Count} dataset(s):");
            foreach (var (pin, resolved) in pins)
            {
                string id = resolved?.ToString() ?? $"{pin.Commit} (not found here)";
                string branch = pin.Branch is { } b ? $" branch {context.Paint.Branch(b)}" : "";
                context.Out.WriteLine($"  {pin.Name}  {context.Paint.Commit(id)}  {pin.Repository}{branch}");
            }
            return 0;
        });
    }

    /// <summary>The full id of a pinned commit, when its repository is here and holds it (ids never change, so today's repository answers for the past).</summary>
    private static ObjectId? Resolve(DatasetPin pin, string projectDir)
    {
        if (pin.Repository is null || pin.Commit is null)
            return null;
        try
        {
            using var repo = Repository.Open(Path.GetFullPath(pin.Repository, projectDir));
            return repo.Lookup(pin.Commit).Id;
        }
        catch (TesseraException)
        {
            return null;
        }
    }

    private static string FindProject(string directory)
    {
        var projects = Directory.EnumerateFiles(directory, "*.*proj").Where(f => f.EndsWith("proj", StringComparison.Ordinal)).ToList();
        return projects.Count == 1 ? projects[0] : throw Usage(projects.Count == 0
            ? $"No project file in '{directory}': give PROJECT."
            : $"Several project files in '{directory}': give PROJECT.");
    }

    private static InvalidInputException Usage(string message) => new(ErrorCode.Usage, message);
}
