using System.Text.Json;
using Tessera.Lsp.Tests.Support;

namespace Tessera.Lsp.Tests;

/// <summary>
/// A whole session driven by Microsoft's LSP client library (tests/oracles/lsp-session.mjs)
/// against the built <c>dotnet-tensor lsp</c> process.
/// </summary>
public sealed class EndToEndTests : IClassFixture<EndToEndTests.Session>
{
    private readonly JsonElement result;
    private readonly DatasetFixture dataset;

    public EndToEndTests(Session session)
    {
        this.result = session.Result;
        this.dataset = session.Dataset;
    }

    [Fact]
    public void Initialize_announces_the_features_and_refuses_earlier_requests()
    {
        Assert.Equal(-32002, this.result.GetProperty("beforeInitialize").GetProperty("code").GetInt32());
        var capabilities = this.result.GetProperty("initialize").GetProperty("capabilities");
        Assert.True(capabilities.GetProperty("hoverProvider").GetBoolean());
        Assert.Equal(1, capabilities.GetProperty("textDocumentSync").GetProperty("change").GetInt32());
        Assert.Contains("tessera/diff", capabilities.GetProperty("experimental").GetProperty("tesseraRequests").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("tessera", this.result.GetProperty("initialize").GetProperty("serverInfo").GetProperty("name").GetString());
    }

    [Fact]
    public void Diagnostics_name_each_bad_pin_on_its_value()
    {
        var diagnostics = this.result.GetProperty("diagnostics");
        Assert.Equal(1, diagnostics.GetProperty("version").GetInt32());
        var byLine = diagnostics.GetProperty("diagnostics").EnumerateArray()
            .Select(d => (Line: d.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32(), Code: d.GetProperty("code").GetString()))
            .OrderBy(d => d.Line).ToList();
        Assert.Equal([(2, "TSR2001"), (3, "TSR1002"), (4, "TSR1003"), (5, "TSR1001")], byLine);
        var stale = diagnostics.GetProperty("diagnostics").EnumerateArray().Single(d => d.GetProperty("code").GetString() == "TSR2001");
        Assert.Contains("branch 'main' has moved 2 commit(s) past the pinned commit", stale.GetProperty("message").GetString());
        Assert.Matches(@"Update the pin to its tip, or remove Branch= to stay on this commit quietly\. 'dotnet tensor pin PROJECT --dataset \S+ --branch main' pins the tip\.$",
            stale.GetProperty("message").GetString());
        Assert.Equal(2, stale.GetProperty("severity").GetInt32());
        Assert.True(this.result.GetProperty("diagnosticsMs").GetDouble() < 5000);
    }

    [Fact]
    public void Hover_shows_the_commit_and_a_table_of_columns()
    {
        string hover = this.result.GetProperty("hover").GetProperty("contents").GetProperty("value").GetString()!;
        Assert.Contains("Add ten digits", hover);
        Assert.Contains("Ada <ada@example.com>", hover);
        Assert.Contains(this.dataset.FirstCommit, hover);
        Assert.Contains("| `/digits/images` | ndarray | uint8 | (7, 7) | 10 |", hover);
        Assert.Contains("| `/digits/labels` | ndarray | int64 | () | 10 |", hover);
    }

    [Fact]
    public void Completion_offers_commits_with_messages_branches_tags_and_columns()
    {
        var commits = this.result.GetProperty("completionCommit").GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(commits, i => i.GetProperty("detail").GetString() == "Relabel 0 on dev");
        Assert.Contains(commits, i => i.GetProperty("label").GetString() == "v1");
        Assert.Equal(4, commits.Count(i => i.GetProperty("kind").GetInt32() == 18));
        var branches = this.result.GetProperty("completionBranch").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("label").GetString());
        Assert.Equal(["dev", "main"], branches.Order());
        var columns = this.result.GetProperty("completionColumns").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("label").GetString());
        Assert.Equal(["/digits/images", "/digits/labels"], columns);
    }

    [Fact]
    public void Code_action_moves_a_stale_pin_to_the_branch_tip_and_code_lens_summarizes()
    {
        var action = Assert.Single(this.result.GetProperty("codeActions").EnumerateArray());
        Assert.Equal("quickfix", action.GetProperty("kind").GetString());
        var edits = action.GetProperty("edit").GetProperty("changes").EnumerateObject().Single().Value;
        using var repo = Repository.Open(this.dataset.RepositoryRoot);
        Assert.Equal(repo.Branches["main"]!.Tip.ToString(), Assert.Single(edits.EnumerateArray()).GetProperty("newText").GetString());
        var lenses = this.result.GetProperty("codeLens").EnumerateArray().Select(l => l.GetProperty("command").GetProperty("title").GetString()).ToList();
        Assert.Contains("main +2 commits · 2 columns · 10 samples", lenses);
    }

    [Fact]
    public void Custom_requests_answer_with_the_cli_json_shapes()
    {
        var repositories = Assert.Single(this.result.GetProperty("repositories").EnumerateArray());
        Assert.Equal(this.dataset.RepositoryRoot, repositories.GetProperty("root").GetString());
        Assert.Equal("main", this.result.GetProperty("status").GetProperty("branch").GetString());
        Assert.False(this.result.GetProperty("status").GetProperty("merging").GetBoolean());
        Assert.Equal(4, this.result.GetProperty("log").GetArrayLength());
        Assert.Equal(2, this.result.GetProperty("schema").GetProperty("nodes").EnumerateArray().Count(n => n.GetProperty("kind").GetString() == "column"));
        var diff = this.result.GetProperty("diff");
        Assert.Equal(2, diff.GetProperty("added").GetInt64());
        Assert.Equal(2, diff.GetProperty("mutated").GetInt64());
        var images = diff.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("path").GetString() == "/digits/images");
        Assert.Equal(2, images.GetProperty("added").GetInt64());
        Assert.Equal(1, images.GetProperty("mutated").GetInt64());
        Assert.Equal(2, images.GetProperty("keys").GetArrayLength());
        Assert.Equal("10", images.GetProperty("keys")[0].GetProperty("key").GetString());
        Assert.Empty(this.result.GetProperty("stagedDiff").GetProperty("nodes").EnumerateArray());
        var conflict = Assert.Single(this.result.GetProperty("conflicts").EnumerateArray());
        Assert.Equal("mutated-both", conflict.GetProperty("kind").GetString());
        var sample = this.result.GetProperty("sample");
        Assert.Equal([7, 7], sample.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([4, 4], sample.GetProperty("valuesShape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.True(sample.GetProperty("downsampled").GetBoolean());
        var image = DatasetFixture.Image(30);
        Assert.Equal(image.Min(b => (double)b), sample.GetProperty("stats").GetProperty("min").GetDouble());
        Assert.Equal(image[2], sample.GetProperty("values")[0][1].GetInt32());
        var keys = this.result.GetProperty("keys");
        Assert.Equal(12, keys.GetProperty("total").GetInt64());
        Assert.Equal(["9", "10"], keys.GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
    }

    [Fact]
    public void Progress_is_reported_for_a_work_done_token()
    {
        var kinds = this.result.GetProperty("progress").EnumerateArray()
            .Where(p => p.GetProperty("token").GetString() == "diff-1")
            .Select(p => p.GetProperty("value").GetProperty("kind").GetString());
        Assert.Equal(["begin", "end"], kinds);
    }

    [Fact]
    public void Errors_are_json_rpc_errors_with_tessera_codes()
    {
        Assert.Equal(-32601, this.result.GetProperty("unknownMethod").GetProperty("code").GetInt32());
        Assert.Equal(-32602, this.result.GetProperty("badParams").GetProperty("code").GetInt32());
        var badRevision = this.result.GetProperty("badRevision");
        Assert.Equal(-32803, badRevision.GetProperty("code").GetInt32());
        Assert.Equal("ref-not-found", badRevision.GetProperty("data").GetProperty("code").GetString());
        Assert.Equal(33, badRevision.GetProperty("data").GetProperty("exit").GetInt32());
    }

    [Fact]
    public void Cancellation_is_answered_and_the_session_goes_on()
    {
        var outcome = this.result.GetProperty("cancellation");
        Assert.True(outcome.ValueKind == JsonValueKind.String ? outcome.GetString() == "completed" : outcome.GetInt32() == -32800);
        Assert.Equal("main", this.result.GetProperty("afterCancel").GetString());
    }

    [Fact]
    public void A_change_on_disk_refreshes_diagnostics_and_notifies_the_client()
    {
        Assert.Equal(this.dataset.RepositoryRoot, this.result.GetProperty("repositoryChanged")[0].GetProperty("repository").GetString());
        Assert.Equal(4, this.result.GetProperty("diagnosticsAfterChange").GetProperty("diagnostics").GetArrayLength());
    }

    [Fact]
    public void A_repository_the_cli_creates_after_start_up_is_listed_next_time()
    {
        var roots = this.result.GetProperty("repositoriesLater").EnumerateArray().Select(r => r.GetProperty("root").GetString());
        Assert.Equal([this.result.GetProperty("madeLater").GetString(), this.dataset.RepositoryRoot], roots);
    }

    [Fact]
    public void Shutdown_then_exit_ends_the_process_with_zero()
    {
        Assert.Equal(JsonValueKind.Null, this.result.GetProperty("shutdown").ValueKind);
        Assert.Equal(-32600, this.result.GetProperty("afterShutdown").GetProperty("code").GetInt32());
        Assert.Equal(0, this.result.GetProperty("exit").GetProperty("code").GetInt32());
    }

    /// <summary>One session shared by the assertions above (starting the server costs about a second).</summary>
    public sealed class Session : IDisposable
    {
        public Session()
        {
            this.Dataset = new DatasetFixture();
            this.Result = NodeSession.Run("lsp-session.mjs", new
            {
                server = new[] { "dotnet", Paths.Tool, "lsp" },
                tool = new[] { "dotnet", Paths.Tool },
                workspace = this.Dataset.Workspace,
                project = this.Dataset.ProjectFile,
                repository = this.Dataset.RepositoryRoot,
                goodCommit = this.Dataset.FirstCommit[..12],
            }, TimeSpan.FromSeconds(90));
        }

        public DatasetFixture Dataset { get; }

        public JsonElement Result { get; }

        public void Dispose() => this.Dataset.Dispose();
    }
}
