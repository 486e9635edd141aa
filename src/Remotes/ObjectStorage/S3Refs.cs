using System.Net;
using System.Text;
using Amazon.S3;

namespace Tessera.Remotes.ObjectStorage;

/// <summary>
/// Refs of one kind as objects under a prefix (<c>refs/heads/NAME</c>, <c>refs/tags/NAME</c>), each
/// holding a commit id in hex. Branches move by conditional writes: <c>If-Match</c> the ETag read,
/// or <c>If-None-Match: *</c> to create one; tags are only created. Where the storage honours
/// conditional writes (AWS S3, MinIO, Ceph RGW) two concurrent updates cannot both succeed.
/// </summary>
internal sealed class S3Refs(S3Bucket bucket, string refsPrefix)
{
    public IReadOnlyDictionary<string, ObjectId> List()
    {
        var result = new Dictionary<string, ObjectId>(StringComparer.Ordinal);
        foreach (var key in S3Bucket.Wait(bucket.ListAsync(refsPrefix)))
        {
            if (this.Read(key) is { } tip)
                result[key[refsPrefix.Length..]] = tip.Id;
        }
        return result;
    }

    public void Move(string name, ObjectId? expected, ObjectId target)
    {
        string key = refsPrefix + name;
        var current = this.Read(key);
        if (current?.Id != expected)
            throw this.Moved(name);
        var body = new ArraySegment<byte>(Encoding.ASCII.GetBytes(target.ToString()));
        if (current is not { } c)
        {
            if (!this.TryPut(key, body, ifMatch: null))
                throw this.Moved(name);
            return;
        }
        if (this.TryPut(key, body, c.ETag))
            return;
        // Ceph RGW (checked with 16.2) compares If-Match with the stored ETag without its quotes,
        // so the quoted form S3 returns never matches there. If the branch is still what was read,
        // the refusal was that, and the unquoted ETag is the same precondition.
        if (this.Read(key) is { } again && again.ETag == c.ETag && c.ETag.StartsWith('"') && this.TryPut(key, body, c.ETag.Trim('"')))
            return;
        throw this.Moved(name);
    }

    /// <summary>Creates a tag; the same tag again is a no-op, another commit under its name is refused.</summary>
    public void Create(string name, ObjectId target)
    {
        string key = refsPrefix + name;
        // Read first as well: some servers (s3rver) ignore If-None-Match and would overwrite.
        if (this.Read(key)?.Id is { } existing)
        {
            this.CheckSame(name, existing, target);
            return;
        }
        var body = new ArraySegment<byte>(Encoding.ASCII.GetBytes(target.ToString()));
        if (!this.TryPut(key, body, ifMatch: null) && this.Read(key)?.Id is { } raced)
            this.CheckSame(name, raced, target);
    }

    private void CheckSame(string name, ObjectId existing, ObjectId target)
    {
        if (existing != target)
        {
            throw new StateException(ErrorCode.RefExists,
                $"{bucket.Url}: tag '{name}' already names commit {existing.ToShortString()}; tags are not moved. Pick another name, or delete the tag there first.");
        }
    }

    private bool TryPut(string key, ArraySegment<byte> body, string? ifMatch)
    {
        try
        {
            S3Bucket.Wait(bucket.PutAsync(key, body, ifMatch, ifNoneMatch: ifMatch is null ? "*" : null));
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    private (ObjectId Id, string ETag)? Read(string key)
    {
        if (S3Bucket.Wait(bucket.GetAsync(key)) is not { } read)
            return null;
        var text = Encoding.ASCII.GetString(read.Data).Trim();
        if (!ObjectId.TryParse(text, out var id))
            throw new CorruptObjectException($"{bucket.Url}: {key} does not hold a commit id. Repair it by hand (it must hold 64 hex digits).");
        return (id, read.ETag);
    }

    private StateException Moved(string name) => new(ErrorCode.ConcurrentUpdate,
        $"{bucket.Url}: branch '{name}' moved while this operation ran (another push). Nothing was changed; fetch and merge, then push again.");
}
