using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Formats.Tests.TestSupport;
using Tessera.Remotes.Tests.Support;
using Tessera.Server;

namespace Tessera.Remotes.Tests;

/// <summary>
/// The read-only Zarr view of <c>dotnet tensor serve</c> on 127.0.0.1: zarrita reads it as it reads
/// <c>export zarr</c> of the same revision, key for key; HTTP caching, ranges, bad input and scopes.
/// </summary>
public sealed class ZarrViewTests(ServerFixture server) : IClassFixture<ServerFixture>, IDisposable
{
    private const string Immutable = "public, max-age=31536000, immutable";
    private readonly TempDir dir = new();

    [Fact]
    public void Zarrita_reads_every_array_of_the_quickstart_over_http_as_it_reads_its_export()
    {
        var repoPath = this.Quickstart();
        string head;
        using (var repo = Repository.Open(repoPath))
            head = repo.Lookup("main").Id.ToString();

        foreach (var rev in new[] { "main", "v1", "more-digits", head })
        {
            var nodes = this.AssertViewIsTheExport("quickstart", repoPath, rev);
            // Every column of fixed-shape samples is an array; the captions (strings) are named in their group.
            Assert.Equal(["/digits/images", "/digits/labels"], nodes.Where(n => n.Value["kind"]!.GetValue<string>() == "array").Select(n => n.Key).Order(StringComparer.Ordinal));
            Assert.NotNull(nodes["/digits"]["attributes"]!["_tessera_omitted_columns"]!["captions"]);
        }
    }

    [Fact]
    public void Zarrita_reads_a_chunked_float32_array_and_a_column_over_http_as_it_reads_their_export()
    {
        var repoPath = this.ArraysRepository("arrays");

        foreach (var rev in new[] { "main", "v1" })
        {
            var nodes = this.AssertViewIsTheExport("arrays", repoPath, rev);
            Assert.Equal([512L, 512], nodes["/climate/t2m"]["shape"]!.AsArray().Select(d => d!.GetValue<long>()));
            Assert.Equal([128, 128], nodes["/climate/t2m"]["chunks"]!.AsArray().Select(d => d!.GetValue<int>()));
            Assert.Equal(50, nodes["/climate/stations"]["attributes"]!["_tessera_keys"]!.AsArray().Count);
        }
    }

    [Fact]
    public async Task Chunks_carry_their_content_id_as_etag_answer_head_ranges_and_conditional_gets_and_cache_by_kind_of_revision()
    {
        var repoPath = this.ArraysRepository("caching");
        string commit;
        string chunkId;
        using (var repo = Repository.Open(repoPath))
        {
            commit = repo.Lookup("main").Id.ToString();
            chunkId = repo.Checkout("main").Array("/climate/t2m").ReadChunk(1, 2)!.Id.ToString();
        }
        using var client = server.Client(ServerFixture.ReadToken);
        string key = "climate/t2m/c/1/2";

        using var full = await client.GetAsync($"caching/zarr/{commit}/{key}");
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        var bytes = await full.Content.ReadAsByteArrayAsync();
        Assert.Equal($"\"{chunkId}\"", full.Headers.ETag!.ToString());
        Assert.Equal(Immutable, full.Headers.CacheControl!.ToString());
        foreach (var rev in new[] { "main", "v1", commit[..12] })
        {
            using var named = await client.GetAsync($"caching/zarr/{rev}/climate/t2m/zarr.json");
            Assert.Equal("no-cache", named.Headers.CacheControl!.ToString());
        }
        using (var branch = await client.GetAsync($"caching/zarr/main/{key}"))
        {
            Assert.Equal("no-cache", branch.Headers.CacheControl!.ToString());
            Assert.Equal($"\"{chunkId}\"", branch.Headers.ETag!.ToString());
            Assert.Equal(bytes, await branch.Content.ReadAsByteArrayAsync());
        }

        using (var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"caching/zarr/main/{key}")))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(bytes.Length, head.Content.Headers.ContentLength);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
            Assert.Equal($"\"{chunkId}\"", head.Headers.ETag!.ToString());
        }

        using (var range = await Send(client, HttpMethod.Get, $"caching/zarr/main/{key}", r => r.Headers.Range = new RangeHeaderValue(10, 19)))
        {
            Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
            Assert.Equal($"bytes 10-19/{bytes.Length}", range.Content.Headers.ContentRange!.ToString());
            Assert.Equal(bytes[10..20], await range.Content.ReadAsByteArrayAsync());
        }
        using (var suffix = await Send(client, HttpMethod.Get, $"caching/zarr/main/{key}", r => r.Headers.Range = new RangeHeaderValue(null, 5)))
            Assert.Equal(bytes[^5..], await suffix.Content.ReadAsByteArrayAsync());
        using (var beyond = await Send(client, HttpMethod.Get, $"caching/zarr/main/{key}", r => r.Headers.Range = new RangeHeaderValue(bytes.Length, null)))
        {
            Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.StatusCode);
            Assert.Equal($"bytes */{bytes.Length}", beyond.Content.Headers.ContentRange!.ToString());
        }

        using (var notModified = await Send(client, HttpMethod.Get, $"caching/zarr/{commit}/{key}", r => r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{chunkId}\""))))
        {
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
            Assert.Equal(Immutable, notModified.Headers.CacheControl!.ToString());
        }
        using (var changed = await Send(client, HttpMethod.Get, $"caching/zarr/main/{key}", r => r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{new string('0', 64)}\""))))
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        // The metadata's tag names its bytes too.
        using var metadata = await client.GetAsync("caching/zarr/main/zarr.json");
        using (var again = await Send(client, HttpMethod.Get, "caching/zarr/main/zarr.json", r => r.Headers.IfNoneMatch.Add(metadata.Headers.ETag!)))
            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);

        // A listing under a prefix names the metadata and the stored chunks only: the last row of chunks holds the fill value.
        var listed = JsonSerializer.Deserialize<string[]>(await client.GetStringAsync("caching/zarr/main/climate/t2m/?list"))!;
        Assert.Equal(["climate/t2m/zarr.json", .. Enumerable.Range(0, 3).SelectMany(i => Enumerable.Range(0, 4).Select(j => $"climate/t2m/c/{i}/{j}"))], listed);
    }

    [Fact]
    public async Task Unknown_repositories_revisions_nodes_and_chunks_are_404_naming_what_is_missing()
    {
        this.ArraysRepository("missing");
        using var client = server.Client(ServerFixture.ReadToken);

        await AssertError(client, "nope/zarr/main/zarr.json", HttpStatusCode.NotFound, "not-a-repository", "repository", "nope");
        await AssertError(client, "missing/zarr/no-such-branch/zarr.json", HttpStatusCode.NotFound, "ref-not-found", "revision", "no-such-branch");
        await AssertError(client, "missing/zarr/main/climate/rain/zarr.json", HttpStatusCode.NotFound, "node-not-found", "path", "/climate/rain");
        await AssertError(client, "missing/zarr/main/climate/t2m/c/9/0", HttpStatusCode.NotFound, "key-not-found", "name", "climate/t2m/c/9/0");
        await AssertError(client, "missing/zarr/main/climate/t2m/c/0", HttpStatusCode.NotFound, "key-not-found", "name", "climate/t2m/c/0");
        // Chunks holding only the fill value are not written: a reader takes the fill value for them.
        await AssertError(client, "missing/zarr/main/climate/t2m/c/3/0", HttpStatusCode.NotFound, "key-not-found", "name", "climate/t2m/c/3/0");
        var omitted = await AssertError(client, "missing/zarr/main/climate/notes/zarr.json", HttpStatusCode.NotFound, "node-not-found", "path", "/climate/notes");
        Assert.Contains("_tessera_omitted_columns", omitted.GetProperty("message").GetString());
        // Zarr v2 probes and the root without a key are not found either.
        await AssertError(client, "missing/zarr/main/.zattrs", HttpStatusCode.NotFound, "key-not-found", "name", ".zattrs");
        await AssertError(client, "missing/zarr/main/", HttpStatusCode.NotFound, "key-not-found", "name", "");
    }

    [Fact]
    public async Task Writes_are_405_and_change_nothing()
    {
        var repoPath = this.ArraysRepository("writes");
        ObjectId before;
        using (var repo = Repository.Open(repoPath))
            before = repo.Lookup("main").Id;
        using var client = server.Client(ServerFixture.WriteToken);

        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Post, HttpMethod.Delete, HttpMethod.Patch })
        {
            using var response = await Send(client, method, "writes/zarr/main/climate/t2m/c/0/0", r => r.Content = new ByteArrayContent(new byte[16]));
            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
            Assert.Equal("GET, HEAD", string.Join(", ", response.Content.Headers.Allow));
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("read-only", body.GetProperty("details").GetProperty("area").GetString());
        }
        using (var repo = Repository.Open(repoPath))
            Assert.Equal(before, repo.Lookup("main").Id);
    }

    [Fact]
    public void Path_traversal_never_reaches_outside_the_served_repositories()
    {
        this.ArraysRepository("inside");
        // A repository beside the served root, whose group attribute must never be answered.
        using (var outside = Repository.Init(Path.Combine(server.Root, "..", "outside"), new InitOptions { UserName = "t", UserEmail = "t@localhost" }))
        using (var w = outside.OpenWriter())
        {
            w.CreateGroup("/g");
            w.SetAttribute("/g", "secret", JsonValue.Create("sentinel-7f3a"));
            w.Commit("secret");
        }

        // The same raw request reaches the repository inside, and the one beside the root is a real repository.
        var (insideStatus, insideBody) = RawGet("/inside/zarr/main/climate/t2m/zarr.json");
        Assert.True(insideStatus == 200, insideBody);
        Assert.Contains("\"degC\"", insideBody, StringComparison.Ordinal);
        using (var outside = Repository.Open(Path.Combine(server.Root, "..", "outside")))
            Assert.Equal("sentinel-7f3a", outside.Checkout("main").Attributes("/g")["secret"]!.GetValue<string>());

        foreach (var target in new[]
        {
            "/inside/zarr/main/../../../outside/zarr/main/g/zarr.json",
            "/inside/zarr/main/%2e%2e/%2e%2e/%2e%2e/outside/zarr/main/g/zarr.json",
            "/inside/zarr/main/%2E%2E/%2E%2E/%2E%2E/outside/zarr/main/g/zarr.json",
            "/inside/zarr/main/..%2f..%2f..%2foutside%2fzarr%2fmain%2fg%2fzarr.json",
            "/..%2foutside/zarr/main/g/zarr.json",
            "/%2e%2e/outside/zarr/main/g/zarr.json",
            "/inside/zarr/..%2f..%2foutside/g/zarr.json",
            "/inside/zarr/main//etc/passwd",
            "/inside/zarr/main/%2fetc%2fpasswd",
            "/inside/zarr/main/..\\..\\..\\outside\\zarr\\main\\g\\zarr.json",
            "/inside/zarr/main/%5c..%5c..%5coutside/g/zarr.json",
            "/inside/zarr/main/climate/t2m/c/../../../../../outside/zarr/main/g/zarr.json",
        })
        {
            var (status, body) = RawGet(target);
            Assert.True(status is 400 or 404, $"{target}: {status} {body}");
            Assert.DoesNotContain("sentinel-7f3a", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_partial_clone_answers_metadata_and_names_fetch_data_for_chunks_it_lacks()
    {
        this.ArraysRepository("full");
        using (Repository.Clone($"{server.BaseUrl}/full", Path.Combine(server.Root, "partial"), new CloneOptions { NoData = true, Remote = server.Reader }))
        {
        }
        using var client = server.Client(ServerFixture.ReadToken);

        using (var metadata = await client.GetAsync("partial/zarr/main/climate/t2m/zarr.json"))
            Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
        var body = await AssertError(client, "partial/zarr/main/climate/t2m/c/0/0", HttpStatusCode.Conflict, "missing-object", "revision", "main");
        Assert.Contains("dotnet tensor fetch-data --rev main", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_view_needs_a_token_of_read_scope_when_tokens_are_configured()
    {
        this.ArraysRepository("scoped");
        using (var anonymous = server.Client(null))
        using (var response = await anonymous.GetAsync("scoped/zarr/main/zarr.json"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
            Assert.Equal("access-denied", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        }
        using (var wrong = server.Client("not-a-token-0123456789"))
        using (var response = await wrong.GetAsync("scoped/zarr/main/climate/t2m/c/0/0"))
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using (var reader = server.Client(ServerFixture.ReadToken))
        using (var response = await reader.GetAsync("scoped/zarr/main/climate/t2m/c/0/0"))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Web_pages_of_any_origin_may_read_the_view_with_a_token()
    {
        this.ArraysRepository("cors");
        using var anonymous = server.Client(null);
        using (var preflight = await Send(anonymous, HttpMethod.Options, "cors/zarr/main/climate/t2m/c/0/0", r =>
        {
            r.Headers.Add("Origin", "https://viewer.example");
            r.Headers.Add("Access-Control-Request-Method", "GET");
            r.Headers.Add("Access-Control-Request-Headers", "authorization, range");
        }))
        {
            Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
            Assert.Equal("*", preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Equal("GET, HEAD", preflight.Headers.GetValues("Access-Control-Allow-Methods").Single());
            Assert.Equal("Authorization, Range, If-None-Match", preflight.Headers.GetValues("Access-Control-Allow-Headers").Single());
        }
        using var reader = server.Client(ServerFixture.ReadToken);
        using var chunk = await Send(reader, HttpMethod.Get, "cors/zarr/main/climate/t2m/c/0/0", r => r.Headers.Add("Origin", "https://viewer.example"));
        Assert.Equal(HttpStatusCode.OK, chunk.StatusCode);
        Assert.Equal("*", chunk.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("ETag", chunk.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_zarr_only_answers_the_view_and_nothing_of_push_or_fetch()
    {
        var root = this.dir.Sub("mirror");
        Directory.CreateDirectory(root);
        this.ArraysRepository("data", root);
        int port = FreePort();
        using var process = System.Diagnostics.Process.Start(ToolProcess.StartInfo(this.dir.Path, "serve", "--root", root, "--urls", $"http://127.0.0.1:{port}", "--zarr-only"))!;
        try
        {
            var line = process.StandardError.ReadLine();
            Assert.True(line?.StartsWith("Serving", StringComparison.Ordinal), $"serve printed: {line}");
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

            using (var view = await client.GetAsync("data/zarr/main/climate/t2m/zarr.json"))
                Assert.Equal(HttpStatusCode.OK, view.StatusCode);
            using (var refs = await client.GetAsync("data/refs"))
                Assert.Equal(HttpStatusCode.NotFound, refs.StatusCode);
            foreach (var (method, path) in new[] { (HttpMethod.Post, "data/objects/blob/have"), (HttpMethod.Post, "data/objects/commit/get"), (HttpMethod.Post, "data/objects"), (HttpMethod.Put, "data/branches/main") })
            {
                using var response = await Send(client, method, path, r => r.Content = new ByteArrayContent(new byte[32]));
                Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{method} {path}: {response.StatusCode}");
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    [Fact]
    public void Only_a_zarr_only_server_may_listen_beyond_loopback_without_tokens()
    {
        var everywhere = new ServerOptions { Root = server.Root, Urls = ["http://0.0.0.0:0"] };
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<InvalidInputException>(() => TesseraServer.Build(everywhere)).Code);
        using var mirror = TesseraServer.Build(everywhere with { ZarrOnly = true });
        Assert.NotNull(mirror);
    }

    public void Dispose() => this.dir.Dispose();

    /// <summary>
    /// Exports <paramref name="rev"/> with the built tool, reads the export from disk and the view over
    /// HTTP with zarrita and compares both readings, then every key's bytes; returns zarrita's nodes.
    /// </summary>
    private Dictionary<string, JsonObject> AssertViewIsTheExport(string name, string repoPath, string rev)
    {
        string export = this.dir.Sub($"{name}-{rev}.zarr");
        var (exit, _, error) = ToolProcess.Run(repoPath, "export", "zarr", "/", export, "--rev", rev);
        Assert.True(exit == 0, error);
        string url = $"{server.BaseUrl}/{name}/zarr/{rev}";

        string fromDisk = NodeOracle.Run("zarrita-read.mjs", export);
        string overHttp = NodeOracle.Run("zarrita-read.mjs", url, server.Reader.TokenFile!);
        Assert.Equal(fromDisk, overHttp);

        using var client = server.Client(ServerFixture.ReadToken);
        var files = Directory.GetFiles(export, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(export, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        var listed = JsonSerializer.Deserialize<string[]>(client.GetStringAsync($"{name}/zarr/{rev}/?list").GetAwaiter().GetResult())!;
        Assert.Equal(files, listed.Order(StringComparer.Ordinal));
        foreach (var file in files)
            Assert.True(File.ReadAllBytes(Path.Combine(export, file)).AsSpan().SequenceEqual(client.GetByteArrayAsync($"{name}/zarr/{rev}/{file}").GetAwaiter().GetResult()), file);

        var nodes = JsonNode.Parse(overHttp)!["nodes"]!.AsArray().Select(n => n!.AsObject()).ToDictionary(n => n["path"]!.GetValue<string>());
        Assert.Contains(nodes.Values, n => n["kind"]!.GetValue<string>() == "array");
        return nodes;
    }

    private string Quickstart()
    {
        var (exit, _, error) = ToolProcess.Run(server.Root, "quickstart", "quickstart");
        Assert.True(exit == 0, error);
        return Path.Combine(server.Root, "quickstart");
    }

    /// <summary>
    /// Like <c>--workload arrays</c>, small: /climate/t2m, float32 (512, 512) in (128, 128) chunks, NaN
    /// fill, its last row of chunks never written; /climate/stations, a column of float32 (4, 4)
    /// samples; /climate/notes, strings. Tag v1, then a second commit on main changing one chunk.
    /// </summary>
    private string ArraysRepository(string name, string? root = null)
    {
        var path = Path.Combine(root ?? server.Root, name);
        using var repo = Repository.Init(path, new InitOptions { UserName = "t", UserEmail = "t@localhost" });
        var random = new Random(7);
        using (var w = repo.OpenWriter())
        {
            var t2m = w.CreateArray("/climate/t2m", new ArraySchema(DType.Float32, [512, 512], [128, 128], double.NaN));
            t2m.Write(Enumerable.Range(0, 384 * 512).Select(_ => (float)random.NextDouble() * 40 - 10).ToArray(), Slice.Range(0, 384), Slice.All);
            w.SetAttribute("/climate/t2m", "units", JsonValue.Create("degC"));
            var keys = Enumerable.Range(0, 50).Select(i => SampleKey.Of(i * 3)).ToArray();
            w.CreateColumn("/climate/stations", ColumnSchema.NDArray(DType.Float32, 4, 4))
                .AddRange<float>(keys, Enumerable.Range(0, 50 * 16).Select(i => i * 0.25f).ToArray());
            w.CreateColumn("/climate/notes", ColumnSchema.Str()).AddString(0, "calm");
            w.Commit("climate");
        }
        repo.Tags.Create("v1");
        using (var w = repo.OpenWriter())
        {
            w.Array("/climate/t2m").Write(Enumerable.Repeat(1.5f, 128 * 128).ToArray(), Slice.Range(128, 256), Slice.Range(0, 128));
            w.Commit("warmer");
        }
        return path;
    }

    private static async Task<JsonElement> AssertError(HttpClient client, string path, HttpStatusCode status, string code, string detail, string value)
    {
        using var response = await client.GetAsync(path);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{path}: {response.StatusCode} {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Equal(value, body.GetProperty("details").GetProperty(detail).GetString());
        return body;
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, Action<HttpRequestMessage> shape)
    {
        var request = new HttpRequestMessage(method, path);
        shape(request);
        return client.SendAsync(request);
    }

    /// <summary>One GET with the request target exactly as given (HttpClient would normalize dots and escapes).</summary>
    private (int Status, string Body) RawGet(string target)
    {
        var uri = new Uri(server.BaseUrl);
        using var tcp = new TcpClient(uri.Host, uri.Port);
        using var stream = tcp.GetStream();
        stream.Write(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {uri.Authority}\r\nAuthorization: Bearer {ServerFixture.ReadToken}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string response = reader.ReadToEnd();
        return (int.Parse(response.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), response);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
