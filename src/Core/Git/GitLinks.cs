using Tessera.Git;

namespace Tessera;

/// <summary>The code commit a dataset commit was made at, and whether that work tree had uncommitted changes.</summary>
public sealed record GitLink(string GitCommit, bool Dirty, DateTimeOffset LinkedAt)
{
    public string ShortCommit => this.GitCommit.Length > 12 ? this.GitCommit[..12] : this.GitCommit;

    public override string ToString() => this.Dirty ? $"{this.ShortCommit} (dirty)" : this.ShortCommit;
}

/// <summary>
/// Links between dataset commits and the git commits of the code that made them. Commits record
/// one automatically when the repository (or the current folder) is in a git work tree;
/// <see cref="Link"/> attaches one later without changing the dataset commit's id.
/// </summary>
public sealed class GitLinkCollection
{
    private readonly Repository repo;
    private readonly GitLinkStore store;

    internal GitLinkCollection(Repository repo)
    {
        this.repo = repo;
        this.store = new GitLinkStore(repo.Db);
    }

    public GitLink? this[ObjectId commit] => this.store.Get(commit);

    /// <summary>The table, for transfers (which list links and adopt received ones).</summary>
    internal GitLinkStore Store => this.store;

    /// <summary>
    /// Links a dataset revision to a git revision of the work tree around <paramref name="gitWorkTree"/>
    /// (default: <see cref="GitWorkTree.CodeFolder"/>). Replaces an earlier link; a link made this way is never dirty.
    /// </summary>
    public GitLink Link(string revision, string gitRevision, string? gitWorkTree = null)
    {
        var commit = this.repo.Lookup(revision);
        var sha = this.ResolveGit(gitWorkTree, gitRevision);
        var link = new GitLink(sha, false, DateTimeOffset.Now);
        this.store.Put(commit.Id, new GitState(sha, false), link.LinkedAt);
        return link;
    }

    /// <summary>Dataset commits made at (linked to) a git revision of the work tree around <paramref name="gitWorkTree"/> (as <see cref="Link"/>), newest first.</summary>
    public IReadOnlyList<Commit> MadeAt(string gitRevision, string? gitWorkTree = null)
    {
        var sha = this.ResolveGit(gitWorkTree, gitRevision);
        return this.store.MadeAt(sha).Select(this.repo.CommitStore.Get)
            .OrderByDescending(c => c.Author.When).ThenBy(c => c.Id).ToList();
    }

    /// <summary>Copies a link as it is (materialized copies keep the link of their commit).</summary>
    internal void Put(ObjectId commit, GitLink link) => this.store.Put(commit, new GitState(link.GitCommit, link.Dirty), link.LinkedAt);

    /// <summary>
    /// Links a new commit to the code's git commit, from the repository's work tree or else the
    /// current folder's. Skipped silently without git, outside a work tree, or with TESSERA_NO_GIT=1:
    /// a commit never fails because of git.
    /// </summary>
    internal void RecordForNewCommit(Commit commit)
    {
        try
        {
            if (GitWorkTree.CodeFolder(this.repo.Root) is { } folder && GitWorkTree.Probe(folder) is { } state)
                this.store.Put(commit.Id, state, commit.Author.When);
        }
        catch (Exception ex) when (ex is TesseraException or Microsoft.Data.Sqlite.SqliteException or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // The commit is durable already; a missing link is the documented outcome of a git or database hiccup.
        }
    }

    /// <summary>The full id of <paramref name="gitRevision"/> in the work tree named, or else found by <see cref="GitWorkTree.CodeFolder"/>.</summary>
    private string ResolveGit(string? gitWorkTree, string gitRevision)
    {
        if (GitProcess.Disabled)
            throw new StateException(ErrorCode.GitUnavailable, $"Git is disabled ({GitWorkTree.DisableVariable}=1); unset it to link dataset commits to git.");
        var directory = gitWorkTree ?? GitWorkTree.CodeFolder(this.repo.Root);
        if (directory is null || GitWorkTree.TopLevel(directory) is null)
        {
            if (!GitWorkTree.IsAvailable)
                throw new StateException(ErrorCode.GitUnavailable, "The git executable was not found. Install git (or put it on PATH) to link dataset commits to code.");
            throw new StateException(ErrorCode.GitUnavailable, directory is null
                ? $"Neither the repository's folder '{this.repo.Root}' nor the current folder '{Directory.GetCurrentDirectory()}' is in a git work tree. " +
                  "Run the command from the code's work tree, or name it with --git-work-tree DIR."
                : $"'{directory}'{(gitWorkTree is null ? "" : " (--git-work-tree)")} is not in a git work tree. Name a folder of the code's work tree with --git-work-tree DIR.");
        }
        return GitWorkTree.ResolveCommit(directory, gitRevision) ?? throw new NotFoundException(ErrorCode.RefNotFound,
            $"'{gitRevision}' is not a commit of the git repository at '{directory}'. List commits with 'git log --oneline'.");
    }
}
