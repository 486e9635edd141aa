namespace Tessera.Lsp.Workspace;

/// <summary>Converts between <c>file:</c> URIs and local paths.</summary>
public static class DocumentUris
{
    /// <summary>The local path of a file: URI, or the text itself when it is already a path.</summary>
    public static string ToPath(string uriOrPath) =>
        uriOrPath.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? new Uri(uriOrPath).LocalPath : Path.GetFullPath(uriOrPath);

    public static string FromPath(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;
}
