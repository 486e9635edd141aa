using Tessera.History;

namespace Tessera.Pins;

/// <summary>
/// Checks a dataset pin against its repository: the repository opens, the commit exists and is
/// unique, the listed columns are in it, its branch has not moved on, and (optionally) the pinned
/// data re-hashes to its ids. Every finding is a <see cref="PinDiagnostic"/>; nothing throws for a bad pin.
/// </summary>
public static class PinResolver
{
    /// <summary>Resolves <paramref name="pin"/>, reading its repository path relative to <paramref name="baseDirectory"/> (the project's folder).</summary>
    public static PinResolution Resolve(DatasetPin pin, string baseDirectory)
    {
        var root = Path.GetFullPath(pin.Repository ?? ".", baseDirectory);
        if (Validate(pin) is { } invalid)
            return Failed(pin, root, invalid);
        Repository repo;
        try
        {
            repo = Repository.Open(root);
        }
        catch (TesseraException ex)
        {
            string problem = ex is RepositoryNotFoundException ? $"there is no Tessera repository at '{root}' (no .tensor/ folder)" : ex.Message;
            return Failed(pin, root, PinDiagnostic.Error(PinCodes.RepositoryNotFound,
                $"Dataset '{pin.Name}': {problem}. Fix Repository=\"{pin.Repository}\" (it is relative to the project folder), or clone the dataset there."));
        }
        using (repo)
            return Resolve(pin, repo);
    }

    /// <summary>An error for each name pinned more than once in one project (names are compared ignoring case, as folders may be).</summary>
    public static IEnumerable<(string Name, PinDiagnostic Error)> FindDuplicates(IEnumerable<DatasetPin> pins) =>
        pins.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => (g.Key, PinDiagnostic.Error(PinCodes.DuplicateName,
            $"Dataset '{g.Key}' is pinned {g.Count()} times; names must be unique in a project (case does not count). Rename or remove one TensorDataset item.")));

    internal static PinResolution Resolve(DatasetPin pin, Repository repo)
    {
        var found = repo.CommitStore.FindByPrefix(pin.Commit!.ToLowerInvariant());
        if (found.Count != 1)
        {
            return Failed(pin, repo.Root, found.Count == 0
                ? PinDiagnostic.Error(PinCodes.CommitNotFound,
                    $"Dataset '{pin.Name}': commit {pin.Commit} is not in repository '{repo.Root}'. Pin an existing commit, or the tip of a branch.")
                    .With(ErrorDetail.Dataset, pin.Name).With(ErrorDetail.Repository, repo.Root).With(ErrorDetail.Branch, pin.Branch ?? repo.HeadBranch)
                : PinDiagnostic.Error(PinCodes.AmbiguousCommit,
                    $"Dataset '{pin.Name}': commit prefix {pin.Commit} matches several commits in '{repo.Root}'. Write more digits of the id (the full id is always unique)."));
        }
        var commit = repo.CommitStore.Get(found[0]);
        var diagnostics = new List<PinDiagnostic>();
        var nodes = SelectNodes(pin, repo, commit, diagnostics);
        int? behind = pin.Branch is { Length: > 0 } ? CheckBranch(pin, repo, commit, diagnostics) : null;
        if (pin.VerifyData && !diagnostics.Any(d => d.IsError))
            diagnostics.AddRange(PinnedDataVerifier.Check(pin, repo, commit, nodes));
        return new PinResolution(pin, repo.Root, commit, nodes, behind, diagnostics);
    }

    private static PinDiagnostic? Validate(DatasetPin pin)
    {
        if (!PinNames.IsValid(pin.Name))
        {
            return PinDiagnostic.Error(PinCodes.InvalidPin,
                $"Dataset name '{pin.Name}' cannot name generated code or a folder: use letters, digits, '_', '-' or '.', starting with a letter.");
        }
        if (string.IsNullOrWhiteSpace(pin.Repository))
        {
            return PinDiagnostic.Error(PinCodes.InvalidPin,
                $"Dataset '{pin.Name}' has no Repository: add Repository=\"path/to/dataset\" (the folder holding .tensor/, relative to the project).");
        }
        if (string.IsNullOrWhiteSpace(pin.Commit))
        {
            return PinDiagnostic.Error(PinCodes.InvalidPin,
                $"Dataset '{pin.Name}' has no Commit: pin one, e.g. the tip of main.").With(ErrorDetail.Dataset, pin.Name).With(ErrorDetail.Repository, pin.Repository);
        }
        if (pin.Commit.Length < 4 || pin.Commit.Length > ObjectId.Size * 2 || !pin.Commit.All(char.IsAsciiHexDigit))
        {
            return PinDiagnostic.Error(PinCodes.InvalidPin,
                $"Dataset '{pin.Name}': Commit=\"{pin.Commit}\" is not a commit id (4 to 64 hex digits). Branches and tags move, so pins name commits: write the id it stands for.")
                .With(ErrorDetail.Dataset, pin.Name).With(ErrorDetail.Repository, pin.Repository).With(ErrorDetail.Revision, pin.Commit);
        }
        return null;
    }

    /// <summary>The columns and arrays the pin lists (a group stands for everything under it), or all of them.</summary>
    private static List<PinnedNode> SelectNodes(DatasetPin pin, Repository repo, Commit commit, List<PinDiagnostic> diagnostics)
    {
        var all = new ReadCheckout(repo, commit).Nodes;
        static bool HoldsData(NodeInfo n) => n.Kind is NodeKind.Column or NodeKind.Array;
        if (pin.Columns.Count == 0)
            return all.Where(HoldsData).Select(PinnedNode.From).ToList();
        var selected = new List<NodeInfo>();
        foreach (var listed in pin.Columns)
        {
            string path = "/" + listed.Trim('/');
            var node = all.FirstOrDefault(n => n.Path == path);
            if (node is null)
            {
                string have = string.Join(", ", all.Where(HoldsData).Select(n => n.Path));
                diagnostics.Add(PinDiagnostic.Error(PinCodes.ColumnMissing,
                    $"Dataset '{pin.Name}': column '{path}' is not in commit {commit.ShortId} (it has: {(have.Length > 0 ? have : "no columns")}). Fix Columns=, or pin a commit that has it."));
                continue;
            }
            selected.AddRange(HoldsData(node) ? [node] : all.Where(n => HoldsData(n) && n.Path.StartsWith(path + "/", StringComparison.Ordinal)));
        }
        return selected.DistinctBy(n => n.Path).Select(PinnedNode.From).ToList();
    }

    /// <summary>Warns when the branch moved past the pin, left it, or is in a merge; returns the commits it is ahead by.</summary>
    private static int? CheckBranch(DatasetPin pin, Repository repo, Commit commit, List<PinDiagnostic> diagnostics)
    {
        string branch = pin.Branch!;
        if (repo.Refs.Get(RefKind.Branch, branch) is not { } tip)
        {
            diagnostics.Add(PinDiagnostic.Warning(PinCodes.NotOnBranch,
                $"Dataset '{pin.Name}': branch '{branch}' does not exist in '{repo.Root}'. Fix Branch=, or remove it to pin the commit alone."));
            return null;
        }
        if (IsMerging(repo, branch))
        {
            diagnostics.Add(PinDiagnostic.Warning(PinCodes.MergeInProgress,
                $"Dataset '{pin.Name}': branch '{branch}' has a merge in progress in '{repo.Root}', so its tip is about to move. Finish the merge or abort it, then re-pin if needed.").With(ErrorDetail.Repository, repo.Root));
        }
        if (tip == commit.Id)
            return 0;
        var sinceTip = Ancestry.Reachable(repo.CommitStore, [tip]);
        if (!sinceTip.Contains(commit.Id))
        {
            diagnostics.Add(PinDiagnostic.Warning(PinCodes.NotOnBranch,
                $"Dataset '{pin.Name}': branch '{branch}' no longer contains the pinned commit {commit.ShortId} (its tip is {tip.ToShortString()}). " +
                "Re-pin its tip, or remove Branch= to keep this commit.").With(ErrorDetail.Dataset, pin.Name).With(ErrorDetail.Branch, branch));
            return null;
        }
        sinceTip.ExceptWith(Ancestry.Reachable(repo.CommitStore, [commit.Id]));
        diagnostics.Add(PinDiagnostic.Warning(PinCodes.Stale,
            $"Dataset '{pin.Name}': branch '{branch}' has moved {sinceTip.Count} commit(s) past the pinned commit {commit.ShortId} (tip {tip.ToShortString()}). " +
            "Update the pin to its tip, or remove Branch= to stay on this commit quietly.").With(ErrorDetail.Dataset, pin.Name).With(ErrorDetail.Branch, branch));
        return sinceTip.Count;
    }

    /// <summary>A merge in progress is staging-area state of the writer's branch (<c>stage_meta.merge_head</c>, format §7).</summary>
    private static bool IsMerging(Repository repo, string branch)
    {
        if (repo.HeadBranch != branch)
            return false;
        lock (repo.Db.Gate)
        {
            return repo.Db.Scalar("SELECT 1 FROM stage_meta WHERE key = 'merge_head'") is not null;
        }
    }

    private static PinResolution Failed(DatasetPin pin, string root, PinDiagnostic error) => new(pin, root, null, [], null, [error]);
}
