using System.Net;
using System.Text;
using Amazon.S3;

namespace Tessera.Remotes.ObjectStorage;

/// <summary>
/// Refs of one kind as objects under a prefix (<c>refs/heads/NAME</c>, <c>refs/tags/NAME</c>), each
/// holding a commit id in hex. Branches move by conditional writes: <c>If-Match</c> the ETag read,
/// or <c>If-None-Match: *</c> to create one; tags are only created. Where the storage honours
/// conditional writes (AWS S3, MinIO, Ceph RGW) two concurrent updates cannot both succeed.
/// <para>
/// A delete is a conditional write too: the ref is first overwritten with <see cref="Tombstone"/>
/// (<c>If-Match</c> the ETag read, so a ref that moved meanwhile is not deleted), then the object
/// is deleted <c>If-Match</c> the tombstone's ETag. A tombstone reads as no ref, and a ref is
/// created over one with <c>If-Match</c> its ETag, so a delete interrupted between the two steps,
/// or on storage that ignores conditional deletes, leaves a state every update handles.
/// </para>
/// </summary>
internal sealed class S3Refs(S3Bucket bucket, string refsPrefix, string kind)
{
    private static readonly byte[] Tombstone = Encoding.ASCII.GetBytes("deleted\n");

    public IReadOnlyDictionary<string, ObjectId> List()
    {
        var result = new Dictionary<string, ObjectId>(StringComparer.Ordinal);
        foreach (var key in S3Bucket.Wait(bucket.ListAsync(refsPrefix)))
        {
            if (this.Read(key) is { Id: { } tip })
                result[key[refsPrefix.Length..]] = tip;
        }
        return result;
    }

    public void Move(string name, ObjectId? expected, ObjectId target)
    {
        string key = refsPrefix + name;
        var current = this.Read(key);
        if (current?.Id != expected)
            throw this.Moved(name);
        if (!this.TryReplace(key, current, Body(target)))
            throw this.Moved(name);
    }

    /// <summary>Creates a tag; the same tag again is a no-op, another commit under its name is refused.</summary>
    public void Create(string name, ObjectId target)
    {
        string key = refsPrefix + name;
        // Read first as well: some servers (s3rver) ignore If-None-Match and would overwrite.
        var current = this.Read(key);
        if (current?.Id is { } existing)
        {
            this.CheckSame(name, existing, target);
            return;
        }
        if (!this.TryReplace(key, current, Body(target)) && this.Read(key)?.Id is { } raced)
            this.CheckSame(name, raced, target);
    }

    /// <summary>
    /// Deletes the ref if it still names <paramref name="expected"/>: <see cref="ErrorCode.RefNotFound"/>
    /// when there is none, <see cref="ErrorCode.ConcurrentUpdate"/> when it names another commit or moves meanwhile.
    /// </summary>
    public void Delete(string name, ObjectId expected)
    {
        string key = refsPrefix + name;
        var current = this.Read(key);
        if (current?.Id is null)
            throw new NotFoundException(ErrorCode.RefNotFound, $"{bucket.Url} has no {kind} '{name}'.").With(ErrorDetail.Name, name);
        if (current.Value.Id != expected || !this.TryReplace(key, current, new ArraySegment<byte>(Tombstone)))
            throw this.Moved(name);
        if (this.Read(key) is { Id: null } tombstone)
        {
            try
            {
                S3Bucket.Wait(bucket.DeleteAsync(key, tombstone.ETag));
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
            {
                // Created again since: the new ref stays.
            }
        }
    }

    private static ArraySegment<byte> Body(ObjectId target) => new(Encoding.ASCII.GetBytes(target.ToString()));

    private void CheckSame(string name, ObjectId existing, ObjectId target)
    {
        if (existing != target)
        {
            throw new StateException(ErrorCode.RefExists,
                $"{bucket.Url}: tag '{name}' already names commit {existing.ToShortString()}; tags are not moved. Pick another name, or delete the tag there first.");
        }
    }

    /// <summary>Writes <paramref name="body"/> if the object is still what was read (absent: <paramref name="current"/> null).</summary>
    private bool TryReplace(string key, (ObjectId? Id, string ETag)? current, ArraySegment<byte> body)
    {
        if (current is not { } c)
            return this.TryPut(key, body, ifMatch: null);
        if (this.TryPut(key, body, c.ETag))
            return true;
        // Ceph RGW (checked with 16.2) compares If-Match with the stored ETag without its quotes,
        // so the quoted form S3 returns never matches there. If the object is still what was read,
        // the refusal was that, and the unquoted ETag is the same precondition.
        return this.Read(key) is { } again && again.ETag == c.ETag && c.ETag.StartsWith('"') && this.TryPut(key, body, c.ETag.Trim('"'));
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

    /// <summary>The ref's commit (null for a tombstone) and ETag, or null when there is no object.</summary>
    private (ObjectId? Id, string ETag)? Read(string key)
    {
        if (S3Bucket.Wait(bucket.GetAsync(key)) is not { } read)
            return null;
        if (read.Data.AsSpan().SequenceEqual(Tombstone))
            return (null, read.ETag);
        var text = Encoding.ASCII.GetString(read.Data).Trim();
        if (!ObjectId.TryParse(text, out var id))
            throw new CorruptObjectException($"{bucket.Url}: {key} does not hold a commit id. Repair it by hand (it must hold 64 hex digits).");
        return (id, read.ETag);
    }

    private StateException Moved(string name) => new(ErrorCode.ConcurrentUpdate,
        $"{bucket.Url}: {kind} '{name}' moved while this operation ran (another push). Nothing was changed; fetch and merge, then push again.");
}
