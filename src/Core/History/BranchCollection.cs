using Tessera.History;

namespace Tessera;

/// <summary>A branch: a name that moves with each commit made on it.</summary>
public sealed record Branch(string Name, ObjectId Tip, bool IsCurrent);

/// <summary>The repository's branches. Creating one is O(1).</summary>
public sealed class BranchCollection
{
    private readonly Repository repo;

    internal BranchCollection(Repository repo) => this.repo = repo;

    public Branch? this[string name] =>
        this.repo.Refs.Get(RefKind.Branch, name) is { } tip ? new Branch(name, tip, name == this.repo.HeadBranch) : null;

    public IReadOnlyList<Branch> List()
    {
        string head = this.repo.HeadBranch;
        return this.repo.Refs.List(RefKind.Branch).Select(r => new Branch(r.Name, r.Target, r.Name == head)).ToList();
    }

    /// <summary>Creates a branch at a revision (default: HEAD).</summary>
    public Branch Create(string name, string startPoint = "HEAD")
    {
        Names.ValidateRef(name, "branch");
        var start = this.repo.Lookup(startPoint);
        this.repo.Db.InTransaction(() =>
        {
            if (this.repo.Refs.Exists(name))
                throw new StateException(ErrorCode.RefExists, $"A branch or tag named '{name}' already exists.");
            this.repo.Refs.Create(RefKind.Branch, name, start.Id);
        });
        return new Branch(name, start.Id, false);
    }

    /// <summary>Renames a branch (the current one stays current under its new name).</summary>
    public Branch Rename(string name, string newName)
    {
        Names.ValidateRef(newName, "branch");
        bool current = name == this.repo.HeadBranch;
        var tip = this.repo.Refs.Get(RefKind.Branch, name);
        if (tip is null && !current)
            throw new NotFoundException(ErrorCode.RefNotFound, $"No branch named '{name}'.").With(ErrorDetail.Branch, name);
        this.repo.Db.InTransaction(() =>
        {
            if (this.repo.Refs.Exists(newName))
                throw new StateException(ErrorCode.RefExists, $"A branch or tag named '{newName}' already exists.");
            if (tip is { } id)
            {
                this.repo.Refs.Delete(RefKind.Branch, name);
                this.repo.Refs.Create(RefKind.Branch, newName, id);
            }
            if (current)
                this.repo.Db.SetMeta("head", newName);
        });
        return new Branch(newName, tip ?? default, current);
    }

    /// <summary>
    /// Moves another branch to <paramref name="revision"/> (<c>branch -f</c>), whatever it held: the
    /// commits it leaves on no ref are returned, and the ref log keeps them reachable for gc's grace
    /// period. The current branch moves with <see cref="WriteCheckout.ResetTo"/> instead, which knows
    /// the staging area.
    /// </summary>
    public BranchMove Move(string name, string revision)
    {
        var branch = this[name] ?? throw new NotFoundException(ErrorCode.RefNotFound, $"No branch named '{name}'.").With(ErrorDetail.Branch, name);
        if (branch.IsCurrent)
            throw new StateException(ErrorCode.CurrentBranch, $"'{name}' is the current branch: move it with a reset, which also updates the staging area.").With(ErrorDetail.Branch, name);
        var target = this.repo.Lookup(revision);
        var dropped = Ancestry.DroppedByMove(this.repo, name, branch.Tip, target.Id);
        this.repo.Db.InTransaction(() => this.repo.Refs.CompareAndSet(name, branch.Tip, target.Id), durable: true);
        return new BranchMove(name, branch.Tip, target, dropped);
    }

    /// <summary>
    /// Deletes a branch. Refuses the current branch, and a branch whose commits no other branch
    /// or tag reaches unless <paramref name="force"/>.
    /// </summary>
    public void Delete(string name, bool force = false)
    {
        var branch = this[name] ?? throw new NotFoundException(ErrorCode.RefNotFound, $"No branch named '{name}'.").With(ErrorDetail.Branch, name);
        if (branch.IsCurrent)
            throw new StateException(ErrorCode.CurrentBranch, $"'{name}' is the current branch; switch to another branch first.").With(ErrorDetail.Branch, name);
        if (!force)
        {
            var others = this.repo.Refs.List(RefKind.Branch).Where(r => r.Name != name)
                .Concat(this.repo.Refs.List(RefKind.Tag)).Select(r => r.Target);
            if (!Ancestry.Reachable(this.repo.CommitStore, others).Contains(branch.Tip))
            {
                throw new StateException(ErrorCode.UnmergedBranch,
                    $"Branch '{name}' has commits that no other branch or tag holds; merge it first, or delete it with --force to drop them.");
            }
        }
        this.repo.Db.InTransaction(() => this.repo.Refs.Delete(RefKind.Branch, name));
    }
}

/// <summary>A tag: a name fixed to one commit.</summary>
public sealed record Tag(string Name, ObjectId Target);

/// <summary>The repository's tags. Tags never move.</summary>
public sealed class TagCollection
{
    private readonly Repository repo;

    internal TagCollection(Repository repo) => this.repo = repo;

    public Tag? this[string name] => this.repo.Refs.Get(RefKind.Tag, name) is { } t ? new Tag(name, t) : null;

    public IReadOnlyList<Tag> List() => this.repo.Refs.List(RefKind.Tag).Select(r => new Tag(r.Name, r.Target)).ToList();

    public Tag Create(string name, string target = "HEAD")
    {
        Names.ValidateRef(name, "tag");
        var commit = this.repo.Lookup(target);
        this.repo.Db.InTransaction(() =>
        {
            if (this.repo.Refs.Exists(name))
                throw new StateException(ErrorCode.RefExists, $"A branch or tag named '{name}' already exists; tags never move.");
            this.repo.Refs.Create(RefKind.Tag, name, commit.Id);
        });
        return new Tag(name, commit.Id);
    }

    public void Delete(string name)
    {
        if (!this.repo.Db.InTransaction(() => this.repo.Refs.Delete(RefKind.Tag, name)))
            throw new NotFoundException(ErrorCode.RefNotFound, $"No tag named '{name}'.");
    }
}

/// <summary>The commit history as a DAG.</summary>
public sealed class CommitLog
{
    private readonly Repository repo;

    internal CommitLog(Repository repo) => this.repo = repo;

    /// <summary>Commits reachable from the revisions (default HEAD), newest first, children before parents.</summary>
    public IReadOnlyList<Commit> Query(params string[] revisions)
    {
        if (revisions.Length == 0)
        {
            if (this.repo.Head is null)
                return [];
            revisions = ["HEAD"];
        }
        return Ancestry.TopologicalLog(this.repo.CommitStore, revisions.Select(r => this.repo.Lookup(r).Id));
    }

    /// <summary>Commits as <paramref name="query"/> selects them (ranges, a path), newest first, children before parents.</summary>
    public IReadOnlyList<Commit> Query(LogQuery query)
    {
        var log = this.Query([.. query.Include]);
        var include = query.Include.Select(r => this.repo.Lookup(r).Id).ToList();
        HashSet<ObjectId>? excluded = null;
        if (query.Symmetric && include.Count == 2)
        {
            excluded = Ancestry.Reachable(this.repo.CommitStore, [include[0]]);
            excluded.IntersectWith(Ancestry.Reachable(this.repo.CommitStore, [include[1]]));
        }
        else if (query.Exclude.Count > 0)
        {
            excluded = Ancestry.Reachable(this.repo.CommitStore, query.Exclude.Select(r => this.repo.Lookup(r).Id));
        }
        IEnumerable<Commit> result = excluded is null ? log : log.Where(c => !excluded.Contains(c.Id));
        if (query.PathGlob is { } glob)
        {
            var matches = Glob.Matcher(glob);
            result = result.Where(c => this.ChangedNodes(c, matches));
        }
        return result.ToList();
    }

    /// <summary>True when a node matching the glob was added, removed, moved or changed by <paramref name="commit"/> (against its first parent).</summary>
    private bool ChangedNodes(Commit commit, Func<string, bool> matches)
    {
        var after = this.repo.LoadTree(commit);
        var before = commit.Parents.Count > 0 ? this.repo.LoadTree(this.repo.CommitStore.Get(commit.Parents[0])) : NodeTree.Empty;
        var paths = after.Nodes.Select(n => n.Path).Concat(before.Nodes.Select(n => n.Path)).Where(matches).ToHashSet();
        return paths.Any(p => !Encoded(before.Find(p)).AsSpan().SequenceEqual(Encoded(after.Find(p))));
    }

    private static byte[] Encoded(NodeRecord? node) => node is null ? [] : new NodeTree([node]).Encode();

    public Commit Get(ObjectId id) => this.repo.CommitStore.Get(id);

    /// <summary>The commit, or null when the repository does not hold it (gc removed it, or it never existed here).</summary>
    public Commit? TryGet(ObjectId id) => this.repo.CommitStore.TryGet(id);

    /// <summary>True when <paramref name="ancestor"/> is reachable from <paramref name="descendant"/>.</summary>
    public bool IsAncestor(string ancestor, string descendant) =>
        Ancestry.IsAncestor(this.repo.CommitStore, this.repo.Lookup(ancestor).Id, this.repo.Lookup(descendant).Id);

    /// <summary>The merge base of two revisions, or null when they share no history.</summary>
    public Commit? MergeBase(string a, string b) =>
        Ancestry.MergeBase(this.repo.CommitStore, this.repo.Lookup(a).Id, this.repo.Lookup(b).Id) is { } id ? this.repo.CommitStore.Get(id) : null;
}
