using Tessera.Remotes.ObjectStorage;

namespace Tessera.Remotes;

/// <summary>Opens the store a remote URL names: a server (http, https), object storage (s3) or a repository folder.</summary>
internal static class RemoteStores
{
    public static IRemoteStore Open(string url, RemoteOptions options)
    {
        if (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            return new HttpRemoteStore(url, Token(options));
        if (url.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
            return S3RemoteStore.Open(url, options);
        var path = url.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(url).LocalPath : url;
        return new LocalStore(Repository.Open(path), ownsRepository: true);
    }

    /// <summary>The bearer token: from the remote's token file, else <c>TESSERA_TOKEN</c>, else none.</summary>
    private static string? Token(RemoteOptions options)
    {
        if (options.TokenFile is { } file)
        {
            try
            {
                return File.ReadAllText(file).Trim();
            }
            catch (IOException ex)
            {
                throw new TesseraException(ErrorCode.Io, $"Cannot read the token file {file}: {ex.Message}. Fix the remote's token file path.").With(ErrorDetail.Area, "token");
            }
        }
        return Environment.GetEnvironmentVariable("TESSERA_TOKEN") is { Length: > 0 } token ? token : null;
    }
}
