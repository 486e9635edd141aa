using Tessera.Lsp.Protocol;
using Tessera.Lsp.Server;
using Tessera.Lsp.Workspace;

namespace Tessera.Lsp.Features;

/// <summary>
/// Keeps diagnostics and editor views current when a repository changes on disk (a commit from
/// the CLI, a branch move, a deleted repository): the server's own watcher reports it, and so do
/// the client's <c>workspace/didChangeWatchedFiles</c> events under <c>.tensor/</c>. Each change
/// re-publishes diagnostics and sends <c>tessera/repositoryChanged</c>.
/// </summary>
internal static class FileWatching
{
    public static void Register(LanguageServer server)
    {
        server.Connection.OnNotification("workspace/didChangeWatchedFiles", p =>
        {
            var roots = LspJson.Read(p, LspJson.Default.DidChangeWatchedFilesParams).Changes
                .Select(change => RepositoryRootOf(DocumentUris.ToPath(change.Uri)))
                .OfType<string>()
                .Distinct(StringComparer.Ordinal);
            foreach (var root in roots)
                OnRepositoryChanged(server, root);
        });
        server.Connection.OnNotification("workspace/didChangeWorkspaceFolders", p =>
        {
            foreach (var folder in LspJson.Read(p, LspJson.Default.DidChangeWorkspaceFoldersParams).Event.Added)
                server.Repositories.Scan(DocumentUris.ToPath(folder.Uri));
        });
    }

    public static void OnRepositoryChanged(LanguageServer server, string root)
    {
        if (!File.Exists(Path.Combine(root, Repository.DirectoryName, "tensor.db")))
            server.Repositories.Drop(root);
        server.Log.WriteLine($"[watch] {root} changed");
        server.Diagnostics.RefreshAll();
        _ = server.Connection.NotifyAsync("tessera/repositoryChanged",
            LspJson.Write(new RepositoryChangedParams(root), LspJson.Default.RepositoryChangedParams));
    }

    /// <summary>The repository folder of a path inside <c>.tensor/</c>, else null.</summary>
    private static string? RepositoryRootOf(string path)
    {
        for (var dir = new DirectoryInfo(path); dir is not null; dir = dir.Parent)
        {
            if (dir.Name == Repository.DirectoryName)
                return dir.Parent?.FullName;
        }
        return null;
    }
}
