using Tessera.Remotes;

namespace Tessera.Server.ObjectStorage;

/// <summary>Makes <c>s3://bucket/prefix</c> remotes available to <see cref="Repository.Remotes"/> and <see cref="Repository.Clone"/>.</summary>
public static class ObjectStorageRemotes
{
    public static void Register() => RemoteStores.ObjectStorage = S3RemoteStore.Open;
}
