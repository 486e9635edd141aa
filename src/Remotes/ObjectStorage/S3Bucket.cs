using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Tessera.Remotes.ObjectStorage;

/// <summary>
/// The few S3 requests the store makes, asynchronous so independent ones can run side by side.
/// Failures become Tessera errors with a code: an unreachable endpoint or missing bucket
/// <see cref="ErrorCode.RemoteError"/>, refused credentials <see cref="ErrorCode.AccessDenied"/>.
/// Not-found and failed preconditions are left to the caller, which knows what they mean.
/// </summary>
internal sealed class S3Bucket(AmazonS3Client s3, string url, string bucket) : IDisposable
{
    public string Url => url;

    /// <summary>Runs one of this class's calls for a synchronous caller.</summary>
    public static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    public static void Wait(Task task) => task.GetAwaiter().GetResult();

    public async Task<List<string>> ListAsync(string keyPrefix) =>
        (await this.ListDetailedAsync(keyPrefix).ConfigureAwait(false)).Select(o => o.Key).ToList();

    /// <summary>The objects under a prefix with their sizes and when they were last written (the storage's clock).</summary>
    public async Task<List<StoredKey>> ListDetailedAsync(string keyPrefix)
    {
        var keys = new List<StoredKey>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = keyPrefix };
        while (true)
        {
            var page = await this.Call(() => s3.ListObjectsV2Async(request)).ConfigureAwait(false);
            keys.AddRange((page.S3Objects ?? []).Select(o => new StoredKey(o.Key, o.Size ?? 0, new DateTimeOffset(o.LastModified ?? DateTime.UtcNow))));
            if (page.IsTruncated != true)
                return keys;
            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    /// <summary>A whole (small) object and its ETag, or null when it does not exist.</summary>
    public async Task<(byte[] Data, string ETag)?> GetAsync(string key)
    {
        try
        {
            // The body is read (and the SDK's checks on it run, when the response is disposed) inside
            // the call, so a body cut or torn by a concurrent rewrite is a RemoteError too.
            return await this.Call(async () =>
            {
                using var response = await s3.GetObjectAsync(bucket, key).ConfigureAwait(false);
                return ((byte[] Data, string ETag)?)(await ReadAllAsync(response).ConfigureAwait(false), response.ETag);
            }).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Bytes <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> of an
    /// object; fewer when the object is shorter, so the caller can tell a truncated object.
    /// </summary>
    public async Task<byte[]> GetRangeAsync(string key, long start, int length)
    {
        var request = new GetObjectRequest { BucketName = bucket, Key = key, ByteRange = new ByteRange(start, start + length - 1) };
        try
        {
            return await this.Call(async () =>
            {
                using var response = await s3.GetObjectAsync(request).ConfigureAwait(false);
                return await ReadAllAsync(response).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            throw new NotFoundException(ErrorCode.MissingObject,
                $"{url}: {key} is missing or shorter than its index says; someone removed or cut it. Delete its .idx object, then push again from a complete repository.");
        }
    }

    /// <summary>Writes an object and returns its ETag; with <paramref name="ifMatch"/> or <paramref name="ifNoneMatch"/> the storage may refuse it (412), which the caller handles.</summary>
    public async Task<string> PutAsync(string key, ArraySegment<byte> data, string? ifMatch = null, string? ifNoneMatch = null)
    {
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = new MemoryStream(data.Array!, data.Offset, data.Count, writable: false),
            UseChunkEncoding = false,
            IfMatch = ifMatch,
            IfNoneMatch = ifNoneMatch,
        };
        var response = await this.Call(() => s3.PutObjectAsync(request)).ConfigureAwait(false);
        ObjectStorageMetrics.Sent(data.Count);
        return response.ETag;
    }

    /// <summary>
    /// Deletes an object (a missing one is no error); with <paramref name="ifMatch"/> storage that
    /// honours conditional deletes refuses (412) when it changed, which the caller handles.
    /// </summary>
    public async Task DeleteAsync(string key, string? ifMatch = null)
    {
        var request = new DeleteObjectRequest { BucketName = bucket, Key = key, IfMatch = ifMatch };
        try
        {
            await this.Call(() => s3.DeleteObjectAsync(request)).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // Gone already: what was asked.
        }
    }

    public void Dispose() => s3.Dispose();

    private static async Task<byte[]> ReadAllAsync(GetObjectResponse response)
    {
        var data = GC.AllocateUninitializedArray<byte>(checked((int)response.ContentLength));
        int read = 0;
        while (read < data.Length)
        {
            int n = await response.ResponseStream.ReadAsync(data.AsMemory(read)).ConfigureAwait(false);
            if (n == 0)
                break;
            read += n;
        }
        ObjectStorageMetrics.Received(read);
        return read == data.Length ? data : data[..read];
    }

    private async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            ObjectStorageMetrics.Request();
            return await call().ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            throw new TesseraException(ErrorCode.AccessDenied,
                $"{url} refused the credentials ({ex.ErrorCode}): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) for a key with access to the bucket.", ex);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchBucket")
        {
            throw new TesseraException(ErrorCode.RemoteError, $"{url}: the bucket '{bucket}' does not exist. Create it, or check the URL and --endpoint.", ex);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict or HttpStatusCode.RequestedRangeNotSatisfiable))
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
        catch (Exception ex) when (ex is AmazonClientException or IOException or ArgumentOutOfRangeException)
        {
            // A connection cut mid-body, or an answer failing the SDK's own checks or parsing (such as
            // an object read while another client rewrites it on a server without atomic writes).
            throw new TesseraException(ErrorCode.RemoteError, $"{url}: {ex.Message} Run the command again.", ex);
        }
    }
}

/// <summary>An object found by a listing.</summary>
internal readonly record struct StoredKey(string Key, long Size, DateTimeOffset LastModified);
