using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json;
using Tessera.History;
using Tessera.Remotes.Tests.Support;

namespace Tessera.Remotes.Tests;

/// <summary>
/// A write token sending a real server objects whose hashes are right and whose contents are not,
/// and branch moves that drop commits: each is refused with a 4xx and a clear message, nothing
/// changes on the server, and a clone made afterwards works.
/// </summary>
public class ReceiveValidationTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData("null author", "\"author\" is null")]
    [InlineData("null message", "\"message\" is null")]
    [InlineData("unknown field", "not a canonical commit record")]
    [InlineData("numeric author", "does not decode")]
    public async Task A_malformed_commit_over_a_held_tree_is_refused(string what, string reason)
    {
        var (name, head) = this.Serve("commit-" + what.Replace(' ', '-'));
        var json = what switch
        {
            "null author" => Crafted.CommitJson(head.Tree, [head.Id], author: "null"),
            "null message" => Crafted.CommitJson(head.Tree, [head.Id], message: "null"),
            "unknown field" => Crafted.CommitJson(head.Tree, [head.Id], more: ",\"signed\":true"),
            _ => Crafted.CommitJson(head.Tree, [head.Id], author: "42"),
        };

        await this.AssertRefused(name, client => Post(client, name, Crafted.Commit(json)), reason);
    }

    [Theory]
    [InlineData("{\"version\":1,\"nodes\":[{\"id\":\"0123456789abcdef\",\"path\":null,\"kind\":\"group\",\"attrs\":{}}]}", "does not parse")]
    [InlineData("{\"version\":1,\"nodes\":[{\"id\":\"0123456789abcdef\",\"path\":\"/x\",\"kind\":\"column\",\"attrs\":{},\"manifest\":{\"deltas\":[],\"count\":0,\"delta_entries\":0}}]}", "needs its own schema")]
    [InlineData("{\"version\":1,\"nodes\":[{\"id\":\"0123456789abcdef\",\"path\":\"/../x\",\"kind\":\"group\",\"attrs\":{}}]}", "not a valid node path")]
    [InlineData("{\"version\":1,\"nodes\":[{\"id\":\"0123456789abcdef\",\"path\":\"/x\",\"kind\":\"group\",\"attrs\":[]}]}", "attributes")]
    [InlineData("{\"version\":1,\"nodes\":[{\"id\":\"0123456789abcdef\",\"path\":\"/x\",\"kind\":\"array\",\"array\":{\"dtype\":\"uint8\",\"shape\":[1,1,1,1],\"chunks\":[1048576,1048576,1048576,1048576],\"fill\":\"0\",\"compression\":\"none\"},\"attrs\":{},\"manifest\":{\"deltas\":[],\"count\":0,\"delta_entries\":0}}]}", "over 2 GiB")]
    public async Task A_tree_page_with_a_malformed_node_is_refused(string json, string reason)
    {
        var (name, _) = this.Serve("tree-" + Math.Abs(json.GetHashCode(StringComparison.Ordinal)));

        await this.AssertRefused(name, client => Post(client, name, Crafted.Tree(json)), reason);
    }

    [Fact]
    public async Task A_tree_naming_a_page_the_server_lacks_its_commit_and_the_branch_move_are_each_refused()
    {
        var (name, head) = this.Serve("dangling-tree");
        TransferObject tree;
        using (var repo = this.Open(name))
            tree = Crafted.TreeWithBase(repo, head, Crafted.Absent());
        var commit = Crafted.Commit(Crafted.CommitJson(tree.Id, [head.Id]));

        await this.AssertRefused(name, client => Post(client, name, tree), "neither sent nor is held");
        await this.AssertRefused(name, client => Post(client, name, commit), "neither sent nor is held");
        await this.AssertRefused(name, client => Post(client, name, tree, commit), "neither sent nor is held");
        await this.AssertRefused(name, client => PutBranch(client, name, head.Id, commit.Id), "does not hold it");
    }

    [Fact]
    public async Task A_tree_naming_a_leaf_where_a_base_root_belongs_is_refused()
    {
        var (name, head) = this.Serve("wrong-kind");
        TransferObject tree;
        using (var repo = this.Open(name))
            tree = Crafted.TreeWithBase(repo, head, Crafted.FirstLeaf(repo, head));

        await this.AssertRefused(name, client => Post(client, name, tree), "as an inner page");
    }

    [Fact]
    public async Task A_blob_whose_shape_overflows_is_a_400_not_a_500()
    {
        var (name, _) = this.Serve("overflow");
        // Bytes, rank 3, dimensions 2^30 x 1282 x 6700417 = 2^63 + 2^31 elements: a 64-bit product wraps to a negative length.
        var bytes = new byte[16 + 3];
        bytes[0] = (byte)ColumnKind.Bytes;
        bytes[2] = 3;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), 1 << 30);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), 1282);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), 6_700_417);
        var blob = new TransferObject(ObjectKind.Blob, Crafted.Absent(), Codec.Deflate, bytes);

        await this.AssertRefused(name, client => Post(client, name, blob), "more than 2 GiB");
    }

    [Theory]
    [InlineData(new byte[] { 1, 1 }, true, "2 item lengths do not add up to its 3 bytes")]
    [InlineData(new byte[] { 2, 1 }, false, "must have a run id")]
    public async Task A_text_run_its_readers_would_refuse_is_refused(byte[] lengths, bool runId, string reason)
    {
        var (name, _) = this.Serve(runId ? "text-run-lengths" : "text-run-id");
        // Kind 3 (a run of str items), rank 2, (N, B) = (2, 3), the two lengths and "abc"; its id is
        // right for its bytes: their hash cut to a run id, or (refused: only run ids name text runs) the whole hash.
        byte[] header = [3, 0, 2, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0];
        byte[] data = [.. lengths, (byte)'a', (byte)'b', (byte)'c'];
        var hashed = SampleHasher.HashStored(header, data);
        var blob = new TransferObject(ObjectKind.Blob, runId ? SampleRun.RunIdOf(hashed) : hashed, Codec.None, (byte[])[.. header, .. data]);

        await this.AssertRefused(name, client => Post(client, name, blob), reason);
    }

    [Theory]
    [InlineData("entries without ids", "has entries but no ids")]
    [InlineData("keys out of order", "not strictly increasing")]
    [InlineData("inner page naming a missing child", "neither sent nor is held")]
    [InlineData("inner page of level 0", "malformed")]
    public async Task A_malformed_manifest_page_is_refused(string what, string reason)
    {
        var (name, _) = this.Serve("page-" + what.Replace(' ', '-'));
        var stored = Crafted.Absent().ToBytes();
        stored[0] &= 0x7F; // a stored sample's id, not an inline one
        byte[] page = what switch
        {
            "entries without ids" => [(byte)'L', 1, 0, 0, 1, (byte)'k', 0],
            "keys out of order" => [(byte)'L', 2, 1, .. stored, 0, 1, (byte)'b', 0, 0, 1, (byte)'a', 0],
            "inner page naming a missing child" => [(byte)'I', 1, 1, 1, (byte)'k', .. stored, 1],
            _ => [(byte)'I', 0, 1, 1, (byte)'k', .. stored, 1],
        };

        await this.AssertRefused(name, client => Post(client, name, Crafted.Page(page)), reason);
    }

    [Fact]
    public async Task A_write_token_can_neither_rewind_nor_replace_a_branch()
    {
        var (name, first) = this.Serve("rewind");
        using var dir = new TempDir();
        using (var clone = Repository.Clone($"{server.BaseUrl}/{name}", dir.Sub("clone"), new CloneOptions { Remote = server.Writer }))
        {
            Datasets.CommitLabel(clone, 1001, 1);
            clone.Remotes.Push();
        }
        ObjectId second;
        using (var served = this.Open(name))
            second = served.Head!.Id;
        // A well-formed commit beside the tip: storing it is fine, moving the branch to it drops the tip.
        var sibling = Crafted.Commit(Crafted.CommitJson(first.Tree, [first.Id]));
        using (var client = server.Client(ServerFixture.WriteToken))
            Assert.Equal(HttpStatusCode.NoContent, (await Post(client, name, sibling)).StatusCode);

        await this.AssertRefused(name, client => PutBranch(client, name, second, first.Id), "does not contain");
        await this.AssertRefused(name, client => PutBranch(client, name, second, sibling.Id), "does not contain");
        await this.AssertRefused(name, client => PutBranch(client, name, second, sibling.Id, force: true), "scope 'force'");
    }

    [Fact]
    public void A_client_fetching_from_a_tampered_server_refuses_a_commit_with_unknown_fields_and_moves_nothing()
    {
        var (name, head) = this.Serve("tampered");
        using var dir = new TempDir();
        using var clone = Repository.Clone($"{server.BaseUrl}/{name}", dir.Sub("clone"), new CloneOptions { Remote = server.Reader });
        var bad = Crafted.Commit(Crafted.CommitJson(head.Tree, [head.Id], more: ",\"signed\":true"));
        using (var served = this.Open(name))
        {
            // Written behind the server's back, as a compromised or buggy server would hold it.
            served.Db.InTransaction(() =>
            {
                served.Db.Execute("INSERT INTO commits(id, tree, parents, time, data) VALUES($id, $tree, $parents, 0, $data)",
                    ("$id", bad.Id.ToBytes()), ("$tree", head.Tree.ToBytes()), ("$parents", head.Id.ToBytes()), ("$data", bad.Data.ToArray()));
                served.Refs.CompareAndSet("main", head.Id, bad.Id);
            });
        }

        var ex = Assert.Throws<CorruptObjectException>(() => clone.Remotes.Fetch());

        Assert.Contains("not a canonical commit record", ex.Message);
        Assert.Equal(head.Id, clone.Refs.Get(RefKind.Remote, "origin/main"));
        Assert.Null(clone.CommitStore.TryGet(bad.Id));
    }

    private (string Name, Commit Head) Serve(string name)
    {
        server.Serve(name, withData: true);
        using var repo = this.Open(name);
        return (name, repo.Head!);
    }

    private Repository Open(string name) => Repository.Open(Path.Combine(server.Root, name));

    private static Task<HttpResponseMessage> Post(HttpClient client, string name, params TransferObject[] objects) =>
        client.PostAsync($"{name}/objects", new ByteArrayContent(Crafted.Frames(objects)));

    private static Task<HttpResponseMessage> PutBranch(HttpClient client, string name, ObjectId expected, ObjectId target, bool force = false) =>
        client.PutAsync($"{name}/refs/heads/main", new StringContent(
            $"{{\"expected\":\"{expected}\",\"target\":\"{target}\"{(force ? ",\"force\":true" : "")}}}", Encoding.UTF8, "application/json"));

    /// <summary>Runs the attack with the write token: a 4xx naming <paramref name="reason"/>, the repository as it was, and a clone that works.</summary>
    private async Task AssertRefused(string name, Func<HttpClient, Task<HttpResponseMessage>> attack, string reason)
    {
        var before = this.State(name);
        using (var client = server.Client(ServerFixture.WriteToken))
        {
            using var response = await attack(client);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}: {body}");
            using var error = JsonDocument.Parse(body);
            Assert.Contains(reason, error.RootElement.GetProperty("message").GetString());
        }
        Assert.Equal(before, this.State(name));
        using var dir = new TempDir();
        using var clone = Repository.Clone($"{server.BaseUrl}/{name}", dir.Sub("clone"), new CloneOptions { Remote = server.Reader });
        Assert.Empty(clone.Verify().Problems);
    }

    /// <summary>Refs, commits, pages and samples of a served repository.</summary>
    private string State(string name)
    {
        using var repo = this.Open(name);
        return string.Join('\n', repo.Refs.List(RefKind.Branch).Concat(repo.Refs.List(RefKind.Tag)).Select(r => $"{r.Name} {r.Target}")
            .Concat(repo.CommitStore.All().Select(c => c.ToString()).Order(StringComparer.Ordinal))
            .Concat(repo.Pages.List().Select(p => p.Id.ToString()).Order(StringComparer.Ordinal))
            .Append($"{repo.Index.Count} samples"));
    }
}
