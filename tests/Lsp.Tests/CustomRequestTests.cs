using System.Diagnostics;
using System.Text.Json;
using Tessera.Lsp.Tests.Support;

namespace Tessera.Lsp.Tests;

/// <summary>
/// tessera/keys (paged keys for the Schema view), the git links tessera/log carries, repositories
/// created after start-up, and the merge base a merge's status names, in process.
/// </summary>
public sealed class CustomRequestTests : IDisposable
{
    private readonly DatasetFixture dataset = new();
    private readonly string scratch = Directory.CreateTempSubdirectory("tessera-lsp-keys-").FullName;

    [Fact]
    public async Task Keys_are_paged_in_key_order_at_head_or_a_revision()
    {
        await using var client = TestClient.ForServer();
        await client.InitializeAsync(this.dataset.Workspace);
        var page = await Result(client, 1, new { repository = this.dataset.RepositoryRoot, path = "digits/images", offset = 10, limit = 5 });
        Assert.Equal("/digits/images", page.GetProperty("path").GetString());
        Assert.Equal("column", page.GetProperty("kind").GetString());
        Assert.Equal(12, page.GetProperty("total").GetInt64());
        Assert.Equal(10, page.GetProperty("offset").GetInt64());
        Assert.Equal(["10", "11"], Keys(page));
        var atV1 = await Result(client, 2, new { repository = this.dataset.RepositoryRoot, rev = "v1", path = "/digits/images", limit = 3 });
        Assert.Equal(10, atV1.GetProperty("total").GetInt64());
        Assert.Equal(["0", "1", "2"], Keys(atV1));
        var missing = (await client.RequestAsync(3, "tessera/keys", new { repository = this.dataset.RepositoryRoot, path = "/digits/nope" })).GetProperty("error");
        Assert.Equal(-32803, missing.GetProperty("code").GetInt32());
        Assert.Equal(-32602, (await client.RequestAsync(4, "tessera/keys", new { repository = this.dataset.RepositoryRoot })).GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Nested_keys_read_key_slash_subkey_and_array_keys_are_stored_chunk_coordinates()
    {
        string root = Path.Combine(this.scratch, "repo");
        using (var repo = Repository.Init(root, new InitOptions { UserName = "Ada", UserEmail = "ada@example.com" }))
        using (var w = repo.OpenWriter())
        {
            var nested = w.CreateColumn("/frames", ColumnSchema.NDArray(DType.UInt8, 2) with { Layout = ColumnLayout.Nested });
            nested.Nested(1).Add<byte>(0, [1, 2]);
            nested.Nested("clip").Add<byte>("7", [5, 6]);
            // Only chunk (1, 0) of the 2 x 2 grid holds anything but the fill value, so only it is stored.
            var array = w.CreateArray("/grid", new ArraySchema(DType.Int32, [8, 8], [4, 4], 0));
            array.Write(new int[] { 9 }, Slice.Range(5, 6), Slice.Range(1, 2));
            w.Commit("Nested and array");
        }
        await using var client = TestClient.ForServer();
        await client.InitializeAsync(this.scratch);
        var frames = await Result(client, 1, new { repository = root, path = "/frames" });
        Assert.Equal(["1/0", "clip/\"7\""], Keys(frames));
        var grid = await Result(client, 2, new { repository = root, path = "/grid" });
        Assert.Equal("array", grid.GetProperty("kind").GetString());
        Assert.Equal(1, grid.GetProperty("total").GetInt64());
        Assert.Equal(["1/0"], Keys(grid));
        // The keys read back as tessera/sample keys.
        var sample = (await client.RequestAsync(3, "tessera/sample", new { repository = root, rev = "HEAD", path = "/frames", key = Keys(frames)[1] })).GetProperty("result");
        Assert.Equal([5, 6], sample.GetProperty("values").EnumerateArray().Select(v => v.GetInt32()));
    }

    [Fact]
    public async Task Log_carries_the_git_commit_a_dataset_commit_was_made_at()
    {
        Git("init", "-q", "-b", "main");
        Git("config", "user.name", "Coder");
        Git("config", "user.email", "coder@example.com");
        File.WriteAllText(Path.Combine(this.scratch, "train.py"), "print('v1')\n");
        Git("add", "train.py");
        Git("commit", "-q", "-m", "code v1");
        string code = Git("rev-parse", "HEAD");
        string root = Path.Combine(this.scratch, "data");
        using (var repo = Repository.Init(root, new InitOptions { UserName = "Ada", UserEmail = "ada@example.com" }))
        using (var w = repo.OpenWriter())
        {
            w.CreateColumn("/labels", ColumnSchema.NDArray(DType.Int64)).Add(0, new long[] { 1 });
            w.Commit("Labels");
        }
        await using var client = TestClient.ForServer();
        await client.InitializeAsync(this.scratch);
        var log = (await client.RequestAsync(1, "tessera/log", new { repository = root })).GetProperty("result");
        var git = Assert.Single(log.EnumerateArray()).GetProperty("git");
        Assert.Equal(code, git.GetProperty("commit").GetString());
        // The repository itself is untracked, and untracked files do not make the work tree dirty.
        Assert.False(git.GetProperty("dirty").GetBoolean());
    }

    [Fact]
    public async Task Repositories_created_after_start_up_are_listed_by_the_next_request()
    {
        await using var client = TestClient.ForServer();
        await client.InitializeAsync(this.dataset.Workspace);
        Assert.Equal([this.dataset.RepositoryRoot], Roots(await client.RequestAsync(1, "tessera/repositories", new { })));
        string later = Path.Combine(this.dataset.Workspace, "later", "data");
        Repository.Init(later, new InitOptions { UserName = "Ada", UserEmail = "ada@example.com" }).Dispose();
        Assert.Equal([later, this.dataset.RepositoryRoot], Roots(await client.RequestAsync(2, "tessera/repositories", new { })));
    }

    [Fact]
    public async Task A_merge_in_progress_names_its_merge_base_where_each_conflicts_base_sample_is_read()
    {
        string root = this.dataset.RepositoryRoot;
        await using var client = TestClient.ForServer();
        await client.InitializeAsync(this.dataset.Workspace);
        var idle = (await client.RequestAsync(1, "tessera/status", new { repository = root })).GetProperty("result");
        Assert.Equal(JsonValueKind.Null, idle.GetProperty("mergeBase").ValueKind);

        string forkPoint;
        using (var repo = Repository.Open(root))
        using (var w = repo.OpenWriter())
        {
            // dev forked from main~1 ("Add two more"); both sides then relabelled sample 0.
            forkPoint = repo.Lookup("main~1").Id.ToString();
            Assert.Equal(MergeStatus.Conflicts, w.Merge("dev").Status);
        }
        var status = (await client.RequestAsync(2, "tessera/status", new { repository = root })).GetProperty("result");
        Assert.Equal(forkPoint, status.GetProperty("mergeBase").GetString());
        var conflict = Assert.Single(status.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(("/digits/labels", "0"), (conflict.GetProperty("path").GetString(), conflict.GetProperty("key").GetString()));
        long Label(JsonElement sample) => sample.GetProperty("result").GetProperty("values").GetInt64();
        var sides = new[] { forkPoint, "HEAD", status.GetProperty("mergeHead").GetString()! };
        var labels = new List<long>();
        foreach (var (rev, id) in sides.Select((rev, i) => (rev, i + 3)))
            labels.Add(Label(await client.RequestAsync(id, "tessera/sample", new { repository = root, rev, path = "/digits/labels", key = "0" })));
        Assert.Equal([0L, 5L, 6L], labels);
    }

    public void Dispose()
    {
        this.dataset.Dispose();
        Directory.Delete(this.scratch, recursive: true);
    }

    private static async Task<JsonElement> Result(TestClient client, int id, object parameters) =>
        (await client.RequestAsync(id, "tessera/keys", parameters)).GetProperty("result");

    private static string[] Roots(JsonElement response) =>
        [.. response.GetProperty("result").EnumerateArray().Select(r => r.GetProperty("root").GetString()!)];

    private static string[] Keys(JsonElement page) => [.. page.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!)];

    private string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = this.scratch, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.Trim();
    }
}
