using System.Net;
using Tessera.Remotes.Tests.Support;

namespace Tessera.Remotes.Tests;

/// <summary>Bad credentials and bad input are refused with a clear error; nothing is stored and the server keeps serving.</summary>
public class ProtocolSafetyTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task No_token_is_401_and_a_read_token_pushing_is_403()
    {
        using var dir = new TempDir();
        var url = server.Serve("auth", withData: true);
        using var anonymous = server.Client(token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("auth/refs")).StatusCode);
        using var wrong = server.Client("not-a-known-token-at-all");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("auth/refs")).StatusCode);

        var denied = Assert.Throws<TesseraException>(() => Repository.Clone(url, dir.Sub("anon")));
        Assert.Equal(ErrorCode.AccessDenied, denied.Code);
        Assert.Contains("--token-file", denied.Message);

        using var clone = Repository.Clone(url, dir.Sub("reader"), new CloneOptions { Remote = server.Reader });
        Datasets.CommitLabel(clone, 1001, 1);
        var forbidden = Assert.Throws<TesseraException>(() => clone.Remotes.Push());
        Assert.Equal(ErrorCode.AccessDenied, forbidden.Code);
        Assert.Contains("write", forbidden.Message);
        using var reader = server.Client(ServerFixture.ReadToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PutAsync("auth/refs/heads/main", new StringContent("{}"))).StatusCode);
    }

    [Theory]
    [InlineData("..%2F..%2Fetc/refs")]
    [InlineData("%2E%2E/refs")]
    [InlineData(".tensor/refs")]
    [InlineData("-rf/refs")]
    public async Task Repository_names_cannot_traverse(string path)
    {
        using var client = server.Client(ServerFixture.ReadToken);
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        Assert.DoesNotContain("branches", await response.Content.ReadAsStringAsync());
        await this.AssertStillServing();
    }

    [Fact]
    public async Task A_branch_name_cannot_traverse()
    {
        server.Serve("branches", withData: true);
        using var client = server.Client(ServerFixture.WriteToken);
        var body = new StringContent($"{{\"expected\":null,\"target\":\"{new string('0', 64)}\"}}");
        var response = await client.PutAsync("branches/refs/heads/..%2F..%2Fx", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid-name", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Oversized_requests_are_refused_with_413()
    {
        server.Serve("big", withData: true);
        using var client = server.Client(ServerFixture.WriteToken);
        // The server refuses a body by its declared length, before reading it. Sent at once, the
        // client was still writing when the server closed the connection, and a loaded machine saw
        // "broken pipe" instead of the answer (16 MB failed every time); waiting for "100 Continue",
        // the client reads the refusal before it sends a byte of the body.
        client.DefaultRequestHeaders.ExpectContinue = true;
        var ids = new byte[(RemoteProtocol.MaxIdsPerRequest + 1) * ObjectId.Size];
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.PostAsync("big/objects/blob/have", new ByteArrayContent(ids))).StatusCode);

        var frame = new MemoryStream();
        frame.Write([(byte)ObjectKind.Blob, 0, 0, 0]);
        frame.Write(BitConverter.GetBytes(int.MaxValue));
        frame.Write(new byte[ObjectId.Size]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.PostAsync("big/objects", new ByteArrayContent(frame.ToArray()))).StatusCode);
        await this.AssertStillServing();
    }

    [Theory]
    [InlineData("malformed ids")]
    [InlineData("garbage frames")]
    [InlineData("truncated stream")]
    [InlineData("corrupt blob")]
    [InlineData("commit without its tree")]
    public async Task Bad_uploads_are_refused_and_store_nothing(string what)
    {
        var name = "bad-" + what.Replace(' ', '-');
        server.Serve(name, withData: false);
        using var client = server.Client(ServerFixture.WriteToken);
        using var source = new TempDir();
        using var data = Datasets.Create(source.Sub("data"));
        var local = new LocalStore(data, ownsRepository: false);
        var blob = local.Get(ObjectKind.Blob, [data.Index.Snapshot()[0].Key]).Single();

        HttpResponseMessage response = what switch
        {
            "malformed ids" => await client.PostAsync($"{name}/objects/page/have", new ByteArrayContent(new byte[33])),
            "garbage frames" => await client.PostAsync($"{name}/objects", new ByteArrayContent("GET / HTTP/1.1\r\n"u8.ToArray())),
            "truncated stream" => await client.PostAsync($"{name}/objects", new ByteArrayContent(Crafted.Frames([blob], end: false))),
            "corrupt blob" => await client.PostAsync($"{name}/objects", new ByteArrayContent(Crafted.Frames([Tamper(blob)], end: true))),
            _ => await client.PostAsync($"{name}/objects", new ByteArrayContent(Crafted.Frames(local.Get(ObjectKind.Commit, [data.Head!.Id]), end: true))),
        };

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"message\"", await response.Content.ReadAsStringAsync());
        using var served = Repository.Open(Path.Combine(server.Root, name));
        Assert.Equal(0, served.Index.Count);
        Assert.Empty(served.Pages.List());
        Assert.Empty(served.CommitStore.All());
        await this.AssertStillServing();
    }

    [Fact]
    public void A_corrupt_object_from_a_remote_is_rejected_on_fetch()
    {
        using var dir = new TempDir();
        using var data = Datasets.Create(dir.Sub("data"));
        using var target = Repository.Init(dir.Sub("target"));
        var blob = new LocalStore(data, ownsRepository: false).Get(ObjectKind.Blob, [data.Index.Snapshot()[0].Key]).Single();

        var ex = Assert.Throws<CorruptObjectException>(() => new LocalStore(target, ownsRepository: false).Put([Tamper(blob)]));
        Assert.Contains("not stored", ex.Message);
        Assert.Equal(0, target.Index.Count);
    }

    private static TransferObject Tamper(TransferObject obj)
    {
        var bytes = obj.Data.ToArray();
        bytes[^1] ^= 0xFF;
        return obj with { Data = bytes };
    }

    private async Task AssertStillServing()
    {
        var alive = server.Serve("alive-" + Guid.NewGuid().ToString("N")[..8], withData: false);
        using var client = server.Client(ServerFixture.ReadToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(alive + "/refs"))).StatusCode);
    }
}
