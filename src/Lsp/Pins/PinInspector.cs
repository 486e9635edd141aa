using Tessera.Lsp.Workspace;

namespace Tessera.Lsp.Pins;

/// <summary>
/// Resolves a pin against its repository and lists its problems: repository not found, commit
/// unknown or ambiguous, column missing, pin behind its branch, merge in progress. Reads
/// bookkeeping only (refs, commits, the node tree), never sample bytes.
/// </summary>
public static class PinInspector
{
    public static PinState Inspect(PinSite site, string projectDirectory, RepositoryRegistry repositories)
    {
        var problems = new List<PinProblem>();
        if (site.Repository is not { } include || include.Text.Trim().Length == 0)
        {
            problems.Add(new(PinCodes.RepositoryNotFound, PinSeverity.Error,
                $"{ProjectPins.ItemName} needs Include=\"<repository folder>\".", site.Name));
            return new PinState(site, null, null, null, 0, problems);
        }
        string folder = Path.GetFullPath(include.Text.Trim(), projectDirectory);
        var repository = Repository.Discover(folder) == folder ? repositories.TryGet(folder) : null;
        if (repository is null)
        {
            problems.Add(new(PinCodes.RepositoryNotFound, PinSeverity.Error,
                $"No Tessera repository at '{folder}' (no {Repository.DirectoryName}/ folder). Check Include, or create it with 'dotnet tensor init'.", include.Range));
            return new PinState(site, null, null, null, 0, problems);
        }
        var branch = site.Branch is { } b && b.Text.Length > 0 ? repository.Branches[b.Text] : null;
        if (site.Branch is { } named && named.Text.Length > 0 && branch is null)
        {
            problems.Add(new(PinCodes.CommitNotFound, PinSeverity.Error,
                $"No branch '{named.Text}' in {repository.Root}.", named.Range));
        }
        var commit = ResolveCommit(site, repository, branch, problems);
        int behind = 0;
        if (commit is not null)
        {
            CheckColumns(site, repository, commit, problems);
            behind = CheckStale(site, repository, commit, branch, problems);
        }
        if (StagedView.Open(repository).IsMerging)
        {
            problems.Add(new(PinCodes.MergeInProgress, PinSeverity.Warning,
                $"A merge is in progress in {repository.Root} (branch {repository.HeadBranch}); the pinned commit is unaffected, but its branch may move when the merge is committed.",
                site.Name));
        }
        return new PinState(site, repository, commit, branch, behind, problems);
    }

    private static Commit? ResolveCommit(PinSite site, Repository repository, Branch? branch, List<PinProblem> problems)
    {
        if (site.Commit is not { } pinned || pinned.Text.Trim().Length == 0)
            return branch is null ? null : repository.Commits.Get(branch.Tip);
        try
        {
            return repository.Lookup(pinned.Text.Trim());
        }
        catch (TesseraException ex) when (ex.Code == ErrorCode.AmbiguousRef)
        {
            problems.Add(new(PinCodes.CommitAmbiguous, PinSeverity.Error, ex.Message, pinned.Range));
        }
        catch (TesseraException ex) when (ex.Code is ErrorCode.RefNotFound or ErrorCode.CommitNotFound or ErrorCode.InvalidRevision)
        {
            problems.Add(new(PinCodes.CommitNotFound, PinSeverity.Error,
                $"Commit '{pinned.Text}' is not in {repository.Root}: {ex.Message}", pinned.Range));
        }
        return null;
    }

    private static void CheckColumns(PinSite site, Repository repository, Commit commit, List<PinProblem> problems)
    {
        if (site.ColumnEntries.Count == 0)
            return;
        var paths = repository.Checkout(commit.Id.ToString()).Nodes.Where(n => n.Kind != NodeKind.Group).Select(n => n.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var column in site.ColumnEntries)
        {
            string path = column.Path.StartsWith('/') ? column.Path : "/" + column.Path;
            if (!paths.Contains(path))
            {
                problems.Add(new(PinCodes.ColumnMissing, PinSeverity.Error,
                    $"Column '{column.Path}' is not in commit {commit.ShortId}.", column.Range));
            }
        }
    }

    private static int CheckStale(PinSite site, Repository repository, Commit commit, Branch? branch, List<PinProblem> problems)
    {
        if (branch is null || site.Commit is not { } pinned || branch.Tip == commit.Id)
            return 0;
        string pinnedId = commit.Id.ToString();
        var reachable = repository.Commits.Query(pinnedId).Select(c => c.Id).ToHashSet();
        int behind = repository.Commits.Query(branch.Name).Count(c => !reachable.Contains(c.Id));
        problems.Add(new(PinCodes.PinStale, PinSeverity.Warning,
            $"The pin is {behind} commit(s) behind {branch.Name} ({repository.Commits.Get(branch.Tip).ShortId}). Update Commit to the branch tip to use the latest data.",
            pinned.Range));
        return behind;
    }
}
