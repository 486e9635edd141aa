using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Tessera.Remotes;

/// <summary>A repository served by <c>dotnet tensor serve</c>, reached over HTTP(S) with an optional bearer token.</summary>
internal sealed class HttpRemoteStore : IRemoteStore
{
    /// <summary>Object bytes per push request: bounded so the server's per-request limit is never reached.</summary>
    private const long PutRequestBytes = 64L << 20;

    /// <summary>Large pipe segments: a response of many small objects is cut into frames a buffer at a time.</summary>
    private static readonly StreamPipeReaderOptions ReaderOptions = new(bufferSize: 1 << 18, minimumReadSize: 1 << 16);
    private readonly HttpClient client;
    private readonly string url;
    private string? head;
    private Dictionary<string, ObjectId>? tags;

    public HttpRemoteStore(string url, string? token)
    {
        this.url = url.TrimEnd('/');
        this.client = new HttpClient { BaseAddress = new Uri(this.url + "/"), Timeout = Timeout.InfiniteTimeSpan };
        if (token is not null)
            this.client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Counts every object this store sent or received (for transfer statistics).</summary>
    public Action<TransferObject>? Observer { get; set; }

    public string? HeadBranch
    {
        get
        {
            if (this.head is null)
                this.Branches();
            return this.head;
        }
    }

    public IReadOnlyDictionary<string, ObjectId> Branches() => this.Refs().Branches;

    /// <summary>The tags of the last refs read (one request answers both): fetch and push see branches and tags of one moment.</summary>
    public IReadOnlyDictionary<string, ObjectId> Tags() => this.tags ?? this.Refs().Tags;

    public void CreateTag(string name, ObjectId target)
    {
        this.tags = null;
        this.PutJson(RemoteProtocol.TagPrefix + name, new Dictionary<string, object?> { ["target"] = target.ToString() });
    }

    public void UpdateBranch(string name, ObjectId? expected, ObjectId target, bool force) =>
        this.PutJson(RemoteProtocol.BranchPrefix + name, RemoteProtocol.BranchUpdate(expected, target, force));

    public void DeleteBranch(string name, ObjectId expected) => this.DeleteRef(RemoteProtocol.BranchPrefix + name, expected);

    public void DeleteTag(string name, ObjectId expected)
    {
        this.tags = null;
        this.DeleteRef(RemoteProtocol.TagPrefix + name, expected);
    }

    /// <summary>The server collects its own repository (a token of scope force): the objects never travel.</summary>
    public RemoteGcResult CollectGarbage(string remote, TimeSpan gracePeriod)
    {
        using var response = this.Send(new HttpRequestMessage(HttpMethod.Post, RemoteProtocol.Gc)
        {
            Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, object> { ["gracePeriodSeconds"] = gracePeriod.TotalSeconds }), System.Text.Encoding.UTF8, "application/json"),
        });
        using var doc = JsonDocument.Parse(response.Content.ReadAsStream());
        return RemoteProtocol.ReadGc(doc.RootElement, remote, gracePeriod);
    }

    /// <summary>A server older than links answers 404 without an error of ours: it keeps none.</summary>
    public IReadOnlyCollection<ObjectId>? Links()
    {
        using var response = this.Exchange(new HttpRequestMessage(HttpMethod.Get, RemoteProtocol.Links));
        if (response.StatusCode == HttpStatusCode.NotFound && response.Content.Headers.ContentType?.MediaType != "application/json")
            return null;
        if (!response.IsSuccessStatusCode)
            throw this.Failure(response);
        return RemoteProtocol.DecodeIds(response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult());
    }

    public HashSet<ObjectId> Have(ObjectKind kind, IReadOnlyList<ObjectId> ids)
    {
        var result = new HashSet<ObjectId>();
        foreach (var batch in ids.Chunk(RemoteProtocol.MaxIdsPerRequest))
        {
            using var response = this.Send(IdsRequest(RemoteProtocol.Have(kind), batch));
            var flags = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            if (flags.Length != batch.Length)
                throw new TesseraException(ErrorCode.RemoteError, $"{this.url} answered {flags.Length} flags for {batch.Length} ids; is it a Tessera server of this version?");
            for (int i = 0; i < batch.Length; i++)
            {
                if (flags[i] == 1)
                    result.Add(batch[i]);
            }
        }
        return result;
    }

    public IEnumerable<TransferObject> Get(ObjectKind kind, IReadOnlyList<ObjectId> ids)
    {
        foreach (var batch in ids.Chunk(RemoteProtocol.MaxIdsPerRequest))
        {
            using var response = this.Send(IdsRequest(RemoteProtocol.Get(kind), batch));
            var reader = PipeReader.Create(response.Content.ReadAsStream(), ReaderOptions);
            var expected = batch.ToHashSet();
            try
            {
                foreach (var obj in ObjectFrames.Read(reader))
                {
                    if (obj.Kind != kind || !expected.Remove(obj.Id))
                        throw new TransferException($"{this.url} sent {obj.Kind.Name()} {obj.Id.ToShortString()}, which was not asked for.");
                    this.Observer?.Invoke(obj);
                    yield return obj;
                }
            }
            finally
            {
                reader.Complete();
            }
            if (expected.Count > 0)
                throw new TransferException($"{this.url} left out {expected.Count} of the {batch.Length} objects asked for. Run the command again; it resumes.");
        }
    }

    public void Put(IEnumerable<TransferObject> objects)
    {
        using var enumerator = objects.GetEnumerator();
        while (true)
        {
            var content = new FramesContent(enumerator, PutRequestBytes, obj => this.Observer?.Invoke(obj));
            content.Headers.ContentType = new MediaTypeHeaderValue(RemoteProtocol.FramesMediaType);
            using (this.Send(new HttpRequestMessage(HttpMethod.Post, RemoteProtocol.Put) { Content = content }))
            {
            }
            if (content.Exhausted)
                return;
        }
    }

    public void Dispose() => this.client.Dispose();

    private (Dictionary<string, ObjectId> Branches, Dictionary<string, ObjectId> Tags) Refs()
    {
        using var response = this.Send(new HttpRequestMessage(HttpMethod.Get, RemoteProtocol.Refs));
        using var doc = JsonDocument.Parse(response.Content.ReadAsStream());
        var (head, branches, tags) = RemoteProtocol.ReadRefs(doc.RootElement);
        this.head = head;
        this.tags = tags;
        return (branches, tags);
    }

    private void PutJson(string path, Dictionary<string, object?> body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = this.Send(request);
    }

    private void DeleteRef(string path, ObjectId expected)
    {
        using var response = this.Send(new HttpRequestMessage(HttpMethod.Delete, $"{path}?{RemoteProtocol.ExpectedParameter}={expected}"));
    }

    private static HttpRequestMessage IdsRequest(string path, IReadOnlyList<ObjectId> ids) => new(HttpMethod.Post, path)
    {
        Content = new ByteArrayContent(RemoteProtocol.EncodeIds(ids)) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } },
    };

    private HttpResponseMessage Send(HttpRequestMessage request)
    {
        var response = this.Exchange(request);
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
            throw this.Failure(response);
    }

    /// <summary>Sends a request and returns the answer, whatever its status.</summary>
    private HttpResponseMessage Exchange(HttpRequestMessage request)
    {
        try
        {
            // Asynchronous sending: the synchronous path blocks a thread on every socket write.
            return this.client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
        }
        catch (HttpRequestException ex)
        {
            throw new TesseraException(ErrorCode.RemoteError,
                $"Cannot reach {this.url}: {(ex.InnerException ?? ex).Message} Check the URL and that a Tessera server runs there; rerun to resume.", ex);
        }
    }

    /// <summary>The server's error (a JSON body with a code and a message) as the exception it stands for.</summary>
    private TesseraException Failure(HttpResponseMessage response)
    {
        string body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        ErrorCode? code = null;
        string? message = null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var name = doc.RootElement.GetProperty("code").GetString();
            code = Enum.GetValues<ErrorCode>().FirstOrDefault(c => c.Name() == name);
            message = doc.RootElement.GetProperty("message").GetString();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Not one of ours (a proxy's page, say): report the status below.
        }
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new TesseraException(ErrorCode.AccessDenied,
                $"{this.url} wants a token ({message ?? "401"}). Put it in a file and add the remote with --token-file, or set TESSERA_TOKEN."),
            HttpStatusCode.Forbidden => new TesseraException(ErrorCode.AccessDenied,
                $"{this.url} refused this token: {message ?? "403"}. Ask the server's owner for a token with the scope needed (write to push, force to push --force)."),
            _ when code is { } c and not 0 && message is not null => new TesseraException(c, $"{this.url}: {message}"),
            _ => new TesseraException(ErrorCode.RemoteError, $"{this.url} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(body)}"),
        };
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
