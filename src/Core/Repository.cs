using Tessera.History;
using Tessera.Manifests;
using Tessera.Storage;

namespace Tessera;

/// <summary>
/// A Tessera repository: a folder holding <c>.tensor/</c>. Open it, then read at any commit
/// (<see cref="Checkout"/>), write on the current branch (<see cref="OpenWriter"/>), and browse
/// <see cref="Branches"/>, <see cref="Tags"/> and <see cref="Commits"/>.
/// </summary>
public sealed class Repository : IDisposable
{
    public const string DirectoryName = ".tensor";
    public const string DefaultBranch = "main";

    private Repository(string root, Database db)
    {
        this.Root = root;
        this.Db = db;
        this.PackStore = new PackStore(System.IO.Path.Combine(root, DirectoryName, "packs"));
        this.Index = new BlobIndex(db);
        this.Blobs = new BlobStore(this.PackStore, this.Index);
        this.Pages = new PageStore(db);
        this.Manifests = new ManifestStore(this.Pages);
        this.CommitStore = new CommitStore(db);
        this.Refs = new RefStore(db);
        this.Branches = new BranchCollection(this);
        this.Tags = new TagCollection(this);
        this.Commits = new CommitLog(this);
        this.GitLinks = new GitLinkCollection(this);
        this.Remotes = new RemoteCollection(this);
        this.ObjectDatabase = new ObjectDatabase(this);
    }

    /// <summary>The folder that holds <c>.tensor/</c>.</summary>
    public string Root { get; }

    public BranchCollection Branches { get; }

    public TagCollection Tags { get; }

    public CommitLog Commits { get; }

    /// <summary>Links from dataset commits to the git commits of the code that made them.</summary>
    public GitLinkCollection GitLinks { get; }

    /// <summary>Remotes and their tracking branches; Tessera.Remotes adds push, fetch and fetch-data with them.</summary>
    public RemoteCollection Remotes { get; }

    /// <summary>The objects and refs as transfers see them (verified reads and writes, compare-and-swap of branches).</summary>
    public ObjectDatabase ObjectDatabase { get; }

    /// <summary>The branch the writer works on.</summary>
    public string HeadBranch => this.Db.GetMeta("head") ?? DefaultBranch;

    /// <summary>
    /// The commit HEAD is at: the tip of <see cref="HeadBranch"/> (null before the first commit),
    /// or the commit of a read-only checkout of a tag or commit (<see cref="Detached"/>).
    /// </summary>
    public Commit? Head => this.Detached ?? this.BranchTip;

    /// <summary>
    /// The commit of a read-only checkout of a tag or commit ("detached HEAD"), or null when HEAD
    /// is a branch. While it is set, nothing can be staged: <see cref="OpenWriter"/> refuses.
    /// </summary>
    public Commit? Detached => this.Db.GetMeta(DetachedKey) is { Length: > 0 } id ? this.CommitStore.Get(ObjectId.Parse(id)) : null;

    internal const string DetachedKey = "detached";

    /// <summary>The tip of <see cref="HeadBranch"/>, detached or not.</summary>
    internal Commit? BranchTip => this.Refs.Get(RefKind.Branch, this.HeadBranch) is { } id ? this.CommitStore.Get(id) : null;

    /// <summary>The identity new commits are made with.</summary>
    public Signature Identity(DateTimeOffset? when = null) =>
        new(this.Db.GetMeta("user.name") ?? "unknown", this.Db.GetMeta("user.email") ?? "unknown@localhost", when ?? DateTimeOffset.Now);

    internal Database Db { get; }

    internal PackStore PackStore { get; }

    internal BlobIndex Index { get; }

    internal BlobStore Blobs { get; }

    internal PageStore Pages { get; }

    internal ManifestStore Manifests { get; }

    internal CommitStore CommitStore { get; }

    internal RefStore Refs { get; }

    internal string DatabasePath => DatabaseFile(this.Root);

    /// <summary>Creates a repository in <paramref name="path"/> (the folder is created if needed).</summary>
    public static Repository Init(string path, InitOptions? options = null)
    {
        options ??= new InitOptions();
        var root = System.IO.Path.GetFullPath(path);
        if (File.Exists(DatabaseFile(root)))
            throw new StateException(ErrorCode.AlreadyARepository, $"'{root}' is already a Tessera repository.");
        Names.ValidateRef(options.Branch, "branch");
        Directory.CreateDirectory(System.IO.Path.Combine(root, DirectoryName, "packs"));
        var db = Database.Open(DatabaseFile(root), create: true);
        db.InTransaction(() =>
        {
            db.SetMeta("head", options.Branch);
            db.SetMeta("user.name", options.UserName ?? Environment.UserName);
            db.SetMeta("user.email", options.UserEmail ?? $"{Environment.UserName}@{Environment.MachineName}");
        }, durable: true);
        return new Repository(root, db);
    }

    /// <summary>Opens the repository in <paramref name="path"/> (exactly there; see <see cref="Discover"/>).</summary>
    public static Repository Open(string path)
    {
        var root = System.IO.Path.GetFullPath(path);
        var file = DatabaseFile(root);
        if (!File.Exists(file))
        {
            throw new RepositoryNotFoundException(
                $"'{root}' is not a Tessera repository (no {DirectoryName}/ folder). Create one, or open the folder that holds it.");
        }
        Database db;
        try
        {
            db = Database.Open(file, create: false);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex) when (StorageErrors.IsDiskFull(ex) || !DiskReserve.HasFreeSpace(file))
        {
            throw new TesseraException(ErrorCode.Io, $"The repository database {file} cannot be opened because the disk is full ({ex.Message}). Free some space and run the command again.");
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex) when (StorageErrors.IsPermission(ex))
        {
            throw new TesseraException(ErrorCode.Io, $"The repository database {file} cannot be opened: {ex.Message}. Check that this user may read it and its folder.");
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            throw new CorruptObjectException($"The repository database {file} cannot be opened: {ex.Message}");
        }
        string? format;
        try
        {
            format = db.GetMeta("format");
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            db.Dispose();
            throw new RepositoryNotFoundException($"'{file}' is not a Tessera database ({ex.Message}).");
        }
        if (int.TryParse(format, System.Globalization.CultureInfo.InvariantCulture, out int found) && Database.UpgradableFormats.Contains(found))
            format = Upgrade(db);
        if (format != Database.FormatVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            db.Dispose();
            bool older = int.TryParse(format, System.Globalization.CultureInfo.InvariantCulture, out int version) && version < Database.FormatVersion;
            throw new TesseraException(ErrorCode.UnsupportedFormat, older
                ? $"The repository has format {format}, from a pre-release of Tessera; this version reads format {Database.FormatVersion} only. Export its data with the version that wrote it and import it into a new repository."
                : $"The repository format is '{format}'; this version of Tessera reads format {Database.FormatVersion}. Upgrade Tessera.");
        }
        return new Repository(root, db);
    }

    /// <summary>
    /// Brings a repository of an upgradable format to the current one: staged changes move from
    /// the table where format 4 kept them into the staging log; nothing committed is rewritten.
    /// A repository this process may not write is read as it is (its staging area then shows empty).
    /// </summary>
    private static string Upgrade(Database db)
    {
        string version = Database.FormatVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            db.InTransaction(() =>
            {
                new Staging.StagingLog(db).MoveFromTable();
                db.SetMeta("format", version);
            });
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex) when (ex.SqliteErrorCode is 8 or 5)
        {
            // SQLITE_READONLY or SQLITE_BUSY: a reader needs nothing more.
        }
        return version;
    }

    /// <summary>Finds the repository holding <paramref name="path"/>, looking upwards like git does.</summary>
    public static string? Discover(string path)
    {
        for (var dir = new DirectoryInfo(System.IO.Path.GetFullPath(path)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(DatabaseFile(dir.FullName)))
                return dir.FullName;
        }
        return null;
    }

    /// <summary>Sets the identity used for new commits.</summary>
    public void SetIdentity(string name, string email) => this.Db.InTransaction(() =>
    {
        this.Db.SetMeta("user.name", name);
        this.Db.SetMeta("user.email", email);
    });

    /// <summary>Resolves a revision (<c>main</c>, a tag, an abbreviated id, <c>HEAD~2</c>, <c>dev^2</c>) to a commit.</summary>
    public Commit Lookup(string revision) => RevisionParser.Resolve(this, revision);

    /// <summary>A read-only view at a commit, branch or tag: a stable snapshot while others commit.</summary>
    public ReadCheckout Checkout(string revision) => new(this, this.Lookup(revision));

    /// <summary>Takes the writer lock and opens the staging area on the current branch.</summary>
    public WriteCheckout OpenWriter(WriterOptions? options = null) => new(this, options ?? new WriterOptions());

    /// <summary>A writer for switching branches: it opens while HEAD is detached, and stages nothing.</summary>
    public WriteCheckout OpenWriterToSwitch() => new(this, new WriterOptions { AllowDetached = true });

    /// <summary>
    /// A read-only checkout of a tag or commit ("detached HEAD"): reads default to it, and nothing
    /// can be staged until <see cref="WriteCheckout.SwitchBranch"/> (or <c>switch</c>) returns to a
    /// branch. Refuses while changes are staged or a merge is in progress.
    /// </summary>
    public Commit Detach(string revision)
    {
        var commit = this.Lookup(revision);
        using var writer = this.OpenWriterToSwitch();
        writer.CheckCanLeave();
        this.Db.InTransaction(() => this.Db.SetMeta(DetachedKey, commit.Id.ToString()));
        return commit;
    }

    /// <summary>Differences between two revisions.</summary>
    public DiffResult Diff(string from, string to, DiffOptions? options = null) =>
        DiffEngine.Compare(this, this.LoadTree(this.Lookup(from)), this.LoadTree(this.Lookup(to)), options ?? new DiffOptions(), from, to);

    /// <summary>Who holds the writer lock, if anyone.</summary>
    public WriterLockInfo? LockStatus() => WriterLock.Read(this.Db);

    /// <summary>Releases the writer lock: a stale one always, a live one only with <paramref name="force"/>.</summary>
    public WriterLockInfo? ReleaseLock(bool force) => WriterLock.Break(this.Db, force);

    /// <summary>Re-hashes every object in parallel and reports each bad one.</summary>
    public VerifyResult Verify(IProgress<double>? progress = null) => Verifier.Run(this, progress);

    /// <summary>Every ref move the ref log holds, newest first; only those of <paramref name="name"/> when given.</summary>
    public IReadOnlyList<RefLogEntry> RefLog(string? name = null) =>
        [.. this.Db.RefLog.Read().Where(e => name is null || e.Name == name).OrderByDescending(e => e.Sequence)];

    /// <summary>Removes objects that no branch, tag, staging area or merge reaches.</summary>
    /// <param name="keepRefLogCommits">Keep commits that only the ref log of the last 30 days names (what a reset or a forced branch move left behind), so that it can be undone; false collects them now.</param>
    public GcResult CollectGarbage(bool dryRun, IProgress<double>? progress = null, bool keepRefLogCommits = true) =>
        GarbageCollector.Run(this, dryRun, progress, keepRefLogCommits);

    /// <summary>Nodes, sample counts, schema and disk use at a revision.</summary>
    public Summary Summarize(string revision = "HEAD") => Summary.Build(this, this.Lookup(revision));

    public void Dispose()
    {
        this.Pages.Dispose();
        this.PackStore.Dispose();
        this.Db.Dispose();
    }

    internal NodeTree LoadTree(Commit? commit) => commit is null ? NodeTree.Empty : this.LoadTree(commit.Tree);

    internal NodeTree LoadTree(ObjectId treeId) => NodeTree.Decode(this.Pages.Raw(treeId));

    private static string DatabaseFile(string root) => System.IO.Path.Combine(root, DirectoryName, "tensor.db");
}

/// <summary>Options of <see cref="Repository.Init"/>.</summary>
public sealed record InitOptions
{
    public string? UserName { get; init; }

    public string? UserEmail { get; init; }

    public string Branch { get; init; } = Repository.DefaultBranch;
}

/// <summary>Options of <see cref="Repository.OpenWriter"/>.</summary>
public sealed record WriterOptions
{
    /// <summary>Take the writer lock even from a live holder. Dangerous: two writers corrupt the staging area.</summary>
    public bool Force { get; init; }

    /// <summary>Open while HEAD is detached, to switch back to a branch or to clean up (nothing is staged then).</summary>
    internal bool AllowDetached { get; init; }

    /// <summary>
    /// Empty the staging area on opening, even one that cannot be read (a damaged staging log, a
    /// staging area made on another commit): what discarding it needs, since loading it would fail.
    /// </summary>
    public bool DiscardStaging { get; init; }
}
