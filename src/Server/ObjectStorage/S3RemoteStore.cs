using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Tessera.Remotes;

namespace Tessera.Server.ObjectStorage;

/// <summary>
/// A repository in S3-compatible object storage: objects at <c>PREFIX/objects/KIND/ID</c> (bytes as
/// stored, the codec in metadata), branches at <c>PREFIX/refs/heads/NAME</c> (the tip's id in hex),
/// moved by conditional writes (<c>If-Match</c> the ETag read, <c>If-None-Match: *</c> to create).
/// </summary>
internal sealed class S3RemoteStore(AmazonS3Client s3, string url, string bucket, string prefix) : IRemoteStore
{
    /// <summary>Above this many ids, one listing of the kind's prefix answers "have?" instead of a HEAD per id.</summary>
    private const int ListAbove = 64;
    private const string CodecMetadata = "codec";

    public string? HeadBranch => null;

    public static IRemoteStore Open(string url, RemoteOptions options)
    {
        var uri = new Uri(url);
        var bucket = uri.Host;
        var prefix = uri.AbsolutePath.Trim('/');
        if (bucket.Length == 0)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"'{url}' names no bucket; use s3://bucket/prefix.");
        var endpoint = options.Endpoint ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        var region = options.Region ?? Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1";
        var config = new AmazonS3Config
        {
            // The SDK's default checksums and aws-chunked uploads are not understood by every
            // S3-compatible server (s3rver stores the chunk framing as the object's bytes).
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        }
        return new S3RemoteStore(new AmazonS3Client(config), url, bucket, prefix.Length == 0 ? "" : prefix + "/");
    }

    public IReadOnlyDictionary<string, ObjectId> Branches()
    {
        var result = new Dictionary<string, ObjectId>(StringComparer.Ordinal);
        string refs = prefix + "refs/heads/";
        foreach (var key in this.List(refs))
        {
            if (this.ReadBranch(key) is { } tip)
                result[key[refs.Length..]] = tip.Id;
        }
        return result;
    }

    public void UpdateBranch(string name, ObjectId? expected, ObjectId target)
    {
        Names.ValidateRef(name, "branch");
        if (this.Have(ObjectKind.Commit, [target]).Count == 0)
            throw new NotFoundException(ErrorCode.CommitNotFound, $"{url}: branch '{name}' cannot move to {target.ToShortString()}, which the bucket does not hold. Push its objects first.");
        string key = prefix + "refs/heads/" + name;
        var current = this.ReadBranch(key);
        if (current?.Id != expected)
            throw Moved(name);
        var request = new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = target.ToString(), UseChunkEncoding = false };
        if (current is { } c)
            request.IfMatch = c.ETag;
        else
            request.IfNoneMatch = "*";
        try
        {
            this.Call(() => s3.PutObjectAsync(request));
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            throw Moved(name);
        }
    }

    public HashSet<ObjectId> Have(ObjectKind kind, IReadOnlyList<ObjectId> ids)
    {
        if (ids.Count > ListAbove)
        {
            string dir = this.ObjectPrefix(kind);
            var stored = this.List(dir).Select(k => ObjectId.TryParse(k[dir.Length..], out var id) ? id : ObjectId.Zero).ToHashSet();
            return ids.Where(stored.Contains).ToHashSet();
        }
        var result = new HashSet<ObjectId>();
        foreach (var id in ids)
        {
            try
            {
                this.Call(() => s3.GetObjectMetadataAsync(bucket, this.Key(kind, id)));
                result.Add(id);
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                // Absent: the other side will send it.
            }
        }
        return result;
    }

    public IEnumerable<TransferObject> Get(ObjectKind kind, IReadOnlyList<ObjectId> ids)
    {
        foreach (var id in ids)
            yield return this.Download(kind, id);
    }

    /// <summary>Each object is visible once written, so the caller's order (samples, pages children first, commits parents first) keeps every held object complete.</summary>
    public void Put(IEnumerable<TransferObject> objects)
    {
        foreach (var obj in objects)
        {
            ObjectVerifier.Verify(obj);
            var request = new PutObjectRequest
            {
                BucketName = bucket,
                Key = this.Key(obj.Kind, obj.Id),
                InputStream = new MemoryStream(obj.Data.ToArray(), writable: false),
                UseChunkEncoding = false,
            };
            request.Metadata[CodecMetadata] = obj.Codec.ToString();
            this.Call(() => s3.PutObjectAsync(request));
        }
    }

    public void Dispose() => s3.Dispose();

    private string ObjectPrefix(ObjectKind kind) => $"{prefix}objects/{kind.Name()}/";

    private string Key(ObjectKind kind, ObjectId id) => this.ObjectPrefix(kind) + id;

    private TransferObject Download(ObjectKind kind, ObjectId id)
    {
        try
        {
            using var response = this.Call(() => s3.GetObjectAsync(bucket, this.Key(kind, id)));
            if (response.ContentLength > ObjectFrames.MaxObjectSize)
                throw new TransferException($"{url}: {kind.Name()} {id.ToShortString()} is {response.ContentLength} bytes, above the transfer limit.", oversized: true);
            var data = new byte[response.ContentLength];
            response.ResponseStream.ReadExactly(data);
            var codec = Enum.TryParse<Codec>(response.Metadata[CodecMetadata], out var c) ? c : Codec.None;
            return new TransferObject(kind, id, codec, data);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new NotFoundException(ErrorCode.MissingObject, $"{url} does not hold {kind.Name()} {id.ToShortString()}; a push into it was interrupted or someone removed objects. Push again from a complete repository.");
        }
    }

    private (ObjectId Id, string ETag)? ReadBranch(string key)
    {
        try
        {
            using var response = this.Call(() => s3.GetObjectAsync(bucket, key));
            using var reader = new StreamReader(response.ResponseStream);
            var text = reader.ReadToEnd().Trim();
            if (!ObjectId.TryParse(text, out var id))
                throw new CorruptObjectException($"{url}: {key} does not hold a commit id. Repair it by hand (it must hold 64 hex digits).");
            return (id, response.ETag);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private List<string> List(string keyPrefix)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = keyPrefix };
        while (true)
        {
            var page = this.Call(() => s3.ListObjectsV2Async(request));
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            if (page.IsTruncated != true)
                return keys;
            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    private StateException Moved(string name) => new(ErrorCode.ConcurrentUpdate,
        $"{url}: branch '{name}' moved while this operation ran (another push). Nothing was changed; fetch and merge, then push again.");

    /// <summary>Runs an SDK call synchronously; connection failures become <see cref="ErrorCode.RemoteError"/>, refusals <see cref="ErrorCode.AccessDenied"/>.</summary>
    private T Call<T>(Func<Task<T>> call)
    {
        try
        {
            return call().GetAwaiter().GetResult();
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            throw new TesseraException(ErrorCode.AccessDenied,
                $"{url} refused the credentials ({ex.ErrorCode}): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) for a key with access to the bucket.", ex);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict))
        {
            throw new TesseraException(ErrorCode.RemoteError, $"{url}: {ex.ErrorCode} {ex.Message} Check the endpoint (--endpoint) and that the bucket exists.", ex);
        }
        catch (AmazonServiceException ex) when (ex is not AmazonS3Exception)
        {
            throw new TesseraException(ErrorCode.RemoteError, $"{url}: {ex.Message} Check the endpoint (--endpoint) and that the bucket exists.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new TesseraException(ErrorCode.RemoteError, $"Cannot reach {url}: {ex.Message} Check --endpoint or AWS_ENDPOINT_URL.", ex);
        }
    }
}
