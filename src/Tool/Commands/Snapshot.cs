namespace Tessera.Tool.Commands;

/// <summary>Reads either a committed snapshot (when a revision is given) or the staging area, as git reads a commit or the working tree.</summary>
internal static class Snapshot
{
    public static (Commit? Commit, IReadOnlyList<NodeInfo> Nodes) Nodes(Repository repo, string? revision)
    {
        if (revision is not null)
        {
            var checkout = repo.Checkout(revision);
            return (checkout.Commit, checkout.Nodes);
        }
        return (null, StagedView.Open(repo).Nodes);
    }

    public static ColumnReader Column(Repository repo, string path, string? revision) =>
        revision is null ? StagedView.Open(repo).Column(path) : repo.Checkout(revision).Column(path);

    public static System.Text.Json.Nodes.JsonObject Attributes(Repository repo, string path, string? revision) =>
        revision is null ? StagedView.Open(repo).Attributes(path) : repo.Checkout(revision).Attributes(path);
}
