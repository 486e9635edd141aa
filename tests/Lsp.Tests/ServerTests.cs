using System.Text.Json;
using Tessera.Lsp.Tests.Support;

namespace Tessera.Lsp.Tests;

/// <summary>The language server in process: lifecycle, engine errors, repositories that change or vanish.</summary>
public sealed class ServerTests : IDisposable
{
    private readonly DatasetFixture dataset = new();

    [Fact]
    public async Task Requests_before_initialize_are_refused_and_exit_without_shutdown_is_1()
    {
        await using var client = TestClient.ForServer();
        Assert.Equal(-32002, ErrorCode(await client.RequestAsync(1, "tessera/repositories")));
        await client.InitializeAsync();
        Assert.Equal(-32600, ErrorCode(await client.RequestAsync(2, "initialize", new { })));
        await client.NotifyAsync("exit");
        Assert.Equal(1, await client.Stopped);
    }

    [Fact]
    public async Task Shutdown_refuses_further_requests_and_exit_then_ends_with_0()
    {
        await using var client = TestClient.ForServer();
        await client.InitializeAsync();
        Assert.Equal(JsonValueKind.Null, (await client.RequestAsync(1, "shutdown")).GetProperty("result").ValueKind);
        Assert.Equal(-32600, ErrorCode(await client.RequestAsync(2, "tessera/repositories")));
        await client.NotifyAsync("exit");
        Assert.Equal(0, await client.Stopped);
    }

    [Fact]
    public async Task Engine_errors_carry_the_cli_code_and_exit_code()
    {
        await using var client = TestClient.ForServer();
        await client.InitializeAsync();
        var error = (await client.RequestAsync(1, "tessera/status", new { repository = Path.GetTempPath() })).GetProperty("error");
        Assert.Equal(-32803, error.GetProperty("code").GetInt32());
        Assert.Equal("not-a-repository", error.GetProperty("data").GetProperty("code").GetString());
        Assert.Equal(10, error.GetProperty("data").GetProperty("exit").GetInt32());
        Assert.Equal(-32602, ErrorCode(await client.RequestAsync(2, "tessera/sample", new { repository = this.dataset.RepositoryRoot })));
    }

    [Fact]
    public async Task A_repository_deleted_while_open_gives_errors_not_a_crash()
    {
        await using var client = TestClient.ForServer();
        await client.InitializeAsync(this.dataset.Workspace);
        Assert.Equal("main", (await client.RequestAsync(1, "tessera/status", new { repository = this.dataset.RepositoryRoot })).GetProperty("result").GetProperty("branch").GetString());
        Directory.Delete(Path.Combine(this.dataset.RepositoryRoot, Repository.DirectoryName), recursive: true);
        await client.NotificationAsync("tessera/repositoryChanged");
        var error = (await client.RequestAsync(2, "tessera/log", new { repository = this.dataset.RepositoryRoot })).GetProperty("error");
        Assert.Equal("not-a-repository", error.GetProperty("data").GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Array, (await client.RequestAsync(3, "tessera/repositories")).GetProperty("result").ValueKind);
    }

    [Fact]
    public async Task A_merge_started_on_disk_refreshes_the_diagnostics_with_merge_in_progress()
    {
        await using var client = TestClient.ForServer();
        await client.InitializeAsync(this.dataset.Workspace);
        string uri = new Uri(this.dataset.ProjectFile).AbsoluteUri;
        await client.NotifyAsync("textDocument/didOpen", new { textDocument = new { uri, languageId = "xml", version = 1, text = File.ReadAllText(this.dataset.ProjectFile) } });
        var first = await client.NotificationAsync("textDocument/publishDiagnostics");
        Assert.DoesNotContain("TSR2002", Codes(first));
        using (var repo = Repository.Open(this.dataset.RepositoryRoot))
        using (var writer = repo.OpenWriter())
            Assert.Equal(MergeStatus.Conflicts, writer.Merge("dev").Status);
        await client.NotificationAsync("tessera/repositoryChanged", p => p.GetProperty("repository").GetString() == this.dataset.RepositoryRoot);
        var refreshed = await client.NotificationAsync("textDocument/publishDiagnostics", p => Codes(p).Contains("TSR2002"));
        Assert.Equal(1, refreshed.GetProperty("params").GetProperty("version").GetInt32());
        var conflicts = (await client.RequestAsync(1, "tessera/conflicts", new { repository = this.dataset.RepositoryRoot })).GetProperty("result");
        Assert.Equal("/digits/labels", Assert.Single(conflicts.EnumerateArray()).GetProperty("path").GetString());
    }

    [Fact]
    public async Task Editing_the_project_republishes_for_the_new_version()
    {
        await using var client = TestClient.ForServer();
        await client.InitializeAsync(this.dataset.Workspace);
        string uri = new Uri(this.dataset.ProjectFile).AbsoluteUri;
        await client.NotifyAsync("textDocument/didOpen", new { textDocument = new { uri, languageId = "xml", version = 1, text = File.ReadAllText(this.dataset.ProjectFile) } });
        await client.NotificationAsync("textDocument/publishDiagnostics");
        string fixedText = DatasetFixture.ProjectText(this.dataset.FirstCommit).Split('\n').Where((_, i) => i is < 3 or > 5).Aggregate((a, b) => a + "\n" + b);
        await client.NotifyAsync("textDocument/didChange", new { textDocument = new { uri, version = 2 }, contentChanges = new[] { new { text = fixedText } } });
        var second = await client.NotificationAsync("textDocument/publishDiagnostics", p => p.GetProperty("version").GetInt32() == 2);
        Assert.Equal(["TSR2001"], Codes(second));
        await client.NotifyAsync("textDocument/didClose", new { textDocument = new { uri } });
        Assert.Empty(Codes(await client.NotificationAsync("textDocument/publishDiagnostics", p => !p.TryGetProperty("version", out _))));
    }

    public void Dispose() => this.dataset.Dispose();

    private static int ErrorCode(JsonElement response) => response.GetProperty("error").GetProperty("code").GetInt32();

    private static List<string> Codes(JsonElement publish)
    {
        var parameters = publish.TryGetProperty("params", out var p) ? p : publish;
        return parameters.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("code").GetString()!).ToList();
    }
}
