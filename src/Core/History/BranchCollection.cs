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

    /// <summary>
    /// Deletes a branch. Refuses the current branch, and a branch whose commits no other branch
    /// or tag reaches unless <paramref name="force"/>.
    /// </summary>
    public void Delete(string name, bool force = false)
    {
        var branch = this[name] ?? throw new NotFoundException(ErrorCode.RefNotFound, $"No branch named '{name}'.");
        if (branch.IsCurrent)
            throw new StateException(ErrorCode.CurrentBranch, $"'{name}' is the current branch; switch to another with 'dotnet tensor checkout' first.");
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

    public Commit Get(ObjectId id) => this.repo.CommitStore.Get(id);

    /// <summary>True when <paramref name="ancestor"/> is reachable from <paramref name="descendant"/>.</summary>
    public bool IsAncestor(string ancestor, string descendant) =>
        Ancestry.IsAncestor(this.repo.CommitStore, this.repo.Lookup(ancestor).Id, this.repo.Lookup(descendant).Id);

    /// <summary>The merge base of two revisions, or null when they share no history.</summary>
    public Commit? MergeBase(string a, string b) =>
        Ancestry.MergeBase(this.repo.CommitStore, this.repo.Lookup(a).Id, this.repo.Lookup(b).Id) is { } id ? this.repo.CommitStore.Get(id) : null;
}
