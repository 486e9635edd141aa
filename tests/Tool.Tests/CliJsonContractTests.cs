using System.Text.Json;
using System.Text.RegularExpressions;
using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>
/// docs/cli-json.schema.json is the contract of <c>--json</c>: every command of the built tool has
/// an entry in its command map, and a scenario that runs every command checks each output (and
/// each error) against it.
/// </summary>
public sealed partial class CliJsonContractTests : IDisposable
{
    private readonly TempDir dir = new();
    private readonly CliJsonSchema schema = CliJsonSchema.Read();
    private readonly HashSet<string> covered = new(StringComparer.Ordinal);

    /// <summary>Commands that write no JSON document: servers that speak their own protocol.</summary>
    private static readonly string[] Servers = ["lsp", "serve"];

    [Fact]
    public void EveryCommandOfTheToolHasAShapeInTheContract()
    {
        var tool = CliCommand.ReadTool(this.dir.Path);
        // Leaves, and 'remote' (which lists remotes when given no subcommand).
        var commands = tool.All().Where(c => c.Path.Length > 0 && (c.Subcommands.Count == 0 || c.Path == "remote")).ToList();
        Assert.True(commands.Count > 50, $"only {commands.Count} commands read from --help");
        Assert.All(commands, c => Assert.Contains("--json", c.Options));
        var names = commands.Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(names.Except(this.schema.Commands));
        Assert.Empty(this.schema.Commands.Except(names));
        Assert.All(Servers, s => Assert.Equal("""{"$ref":"#/$defs/none"}""", this.schema.Shapes[s]));
    }

    /// <summary>docs/cli.md's "JSON output" has a heading per shape a command writes, and its examples follow the schema.</summary>
    [Fact]
    public void TheDocsNameEveryShapeAndTheirExamplesFollowTheContract()
    {
        string doc = File.ReadAllText(Path.Combine(TensorTool.RepositoryRoot, "docs", "cli.md"));
        int start = doc.IndexOf("\n## JSON output\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/cli.md has no 'JSON output' part");
        string part = doc[start..doc.IndexOf("\n## ", start + 1, StringComparison.Ordinal)];
        Assert.Contains("cli-json.schema.json", part, StringComparison.Ordinal);
        var sections = ShapeHeading().Split(part);    // text, name, text, name, text, …
        var named = new List<string>();
        int examples = 0;
        for (int i = 1; i < sections.Length; i += 2)
        {
            string name = sections[i];
            named.Add(name);
            Assert.Contains(name, this.schema.Definitions);
            foreach (Match block in JsonBlock().Matches(sections[i + 1]))
            {
                var problems = this.schema.CheckShape(name, block.Groups["json"].Value);
                Assert.True(problems.Count == 0, $"the example of '{name}' in docs/cli.md does not follow the contract:\n{string.Join('\n', problems)}");
                examples++;
            }
        }
        var written = this.schema.Shapes.Values.SelectMany(s => ShapeReference().Matches(s).Select(m => m.Groups["name"].Value)).Append("error");
        Assert.Empty(written.Except(named));
        Assert.True(examples >= 10, $"only {examples} examples checked");
    }

    [Fact]
    public void EveryCommandsJsonFollowsTheContract()
    {
        this.Json("init", ["init", "data", "--user", "Test", "--email", "test@example.com"], at: this.dir.Path);
        this.Json("column add", "column", "add", "/images", "--dtype", "uint8", "--shape", "2,2");
        this.Json("column add", "column", "add", "/captions", "--kind", "str");
        Npy.Write(this.InRepo("one.npy"), new byte[] { 1, 2, 3, 4 }, 2, 2);
        Npy.Write(this.InRepo("batch.npy"), Enumerable.Range(0, 8).Select(i => (byte)i).ToArray(), 2, 2, 2);
        var put = this.Json("put", "put", "/images", "0", "--npy", "one.npy");
        Assert.Equal("0", put.GetProperty("samples")[0].GetProperty("key").GetString());
        var stacked = this.Json("put", "put", "/images", "1", "--npy", "batch.npy", "--stacked");
        Assert.Equal(["1", "2"], stacked.GetProperty("samples").EnumerateArray().Select(s => s.GetProperty("key").GetString()));
        this.Json("put", "put", "/captions", "0", "--text", "zero");
        this.Json("put", "put", "/captions", "1", "--text", "one");
        this.Json("group add", "group", "add", "/meta");
        var attrs = this.Json("attrs set", "attrs", "set", "/meta", "source", "\"test\"");
        Assert.Equal("test", attrs.GetProperty("attrs").GetProperty("source").GetString());
        this.Json("attrs get", "attrs", "get", "/meta");
        this.Json("attrs set", "attrs", "set", "/meta", "drop", "1");
        this.Json("attrs rm", "attrs", "rm", "/meta", "drop");
        this.Json("array add", "array", "add", "/grid", "--shape", "4,4", "--chunks", "2,2", "--dtype", "float32", "--fill", "nan");
        Npy.Write(this.InRepo("block.npy"), new float[] { 1, 2, 3, 4 }, 2, 2);
        this.Json("array write", "array", "write", "/grid", "0:2, 0:2", "--npy", "block.npy");
        this.Json("array read", "array", "read", "/grid", "0:2, :");
        this.Json("array read", "array", "read", "/grid", "--out", "grid.npy");
        this.Json("array resize", "array", "resize", "/grid", "--shape", "4,6");
        this.Json("status", "status", "--chunks");
        var seed = this.Json("commit", "commit", "-m", "seed");
        Assert.Empty(seed.GetProperty("parents").EnumerateArray());

        var moved = this.Json("mv", "mv", "/meta", "/info");
        Assert.Equal("/info", moved.GetProperty("path").GetString());
        var tree = this.Json("tree", "tree");
        var images = tree.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("path").GetString() == "/images");
        Assert.Equal("uint8", images.GetProperty("schema").GetProperty("dtype").GetString());
        this.Json("column list", "column", "list");
        this.Json("keys", "keys", "/images");
        this.Json("get", "get", "/images", "0");
        this.Json("get", "get", "/captions", "0", "--out", "zero.txt");
        this.Json("commit", "commit", "-m", "move meta");
        this.Json("summary", "summary");
        this.Json("log", "log");
        var show = this.Json("show", "show");
        Assert.Equal("/info", show.GetProperty("nodes")[0].GetProperty("path").GetString());
        this.Json("show", "show", "HEAD~1");
        this.Json("verify", "verify");
        this.Json("overlap", ErrorCode.OverlapFound.ExitCode(), "overlap", "/images", "HEAD:/images");

        var branch = this.Json("branch", "branch", "dev");
        Assert.Equal(("branch", "created", "dev"), (branch.GetProperty("kind").GetString(), branch.GetProperty("change").GetString(), branch.GetProperty("name").GetString()));
        this.Json("branch", "branch");
        this.Json("tag", "tag", "v1");
        this.Json("tag", "tag");
        var switched = this.Json("switch", "switch", "dev");
        Assert.Equal("dev", switched.GetProperty("branch").GetString());
        this.Json("put", "put", "/captions", "0", "--text", "dev zero");
        this.Json("put", "put", "/captions", "2", "--text", "two");
        this.Json("commit", "commit", "-m", "dev");
        this.Json("checkout", "checkout", "main");
        this.Json("put", "put", "/captions", "0", "--text", "main zero");
        this.Json("commit", "commit", "-m", "main");
        this.Json("diff", "diff", "main", "dev");
        this.Json("diff", "diff", "main", "dev", "--stat");

        var stopped = this.Json("merge", ErrorCode.MergeConflict.ExitCode(), "merge", "dev");
        Assert.Equal("conflicts", stopped.GetProperty("status").GetString());
        this.Json("status", "status");
        this.Json("conflicts", "conflicts");
        this.Json("diff", "diff");
        this.Json("resolve", "resolve", "/captions", "0", "--ours");
        this.Json("merge", "merge", "--abort");
        var merged = this.Json("merge", "merge", "dev", "--strategy", "ours");
        Assert.Equal("merged", merged.GetProperty("status").GetString());
        Assert.Equal(2, merged.GetProperty("commit").GetProperty("parents").GetArrayLength());
        this.Json("switch", "switch", "--detach", "v1");
        this.Json("switch", "switch", "main");

        // Changing history: dev's commit meets main's change of caption 0 again.
        var picked = this.Json("cherry-pick", ErrorCode.MergeConflict.ExitCode(), "cherry-pick", "dev");
        Assert.Equal(("cherry-pick", "conflicts"), (picked.GetProperty("kind").GetString(), picked.GetProperty("status").GetString()));
        Assert.Equal("cherry-pick", this.Json("status", "status").GetProperty("mergeKind").GetString());
        this.Json("cherry-pick", "cherry-pick", "--abort");
        var reverted = this.Json("revert", "revert", "HEAD", "-m", "1");
        Assert.Single(reverted.GetProperty("commits").EnumerateArray());
        var amended = this.Json("commit", "commit", "--amend", "-m", "undo the merge");
        Assert.Equal("undo the merge", amended.GetProperty("message").GetString());
        this.Error(ErrorCode.UnmergedBranch, "reset", "--hard", "HEAD~1");
        var resetHard = this.Json("reset", "reset", "--hard", "HEAD~1", "--force");
        Assert.Equal(amended.GetProperty("id").GetString(), resetHard.GetProperty("dropped")[0].GetString());
        var reflog = this.Json("reflog", "reflog", "main", "-n", "2");
        Assert.Equal(amended.GetProperty("id").GetString(), reflog[0].GetProperty("old").GetString());
        this.Json("revert", "revert", "HEAD", "-m", "1");
        this.Json("reset", "reset", "--soft", "HEAD~1", "--force");
        this.Json("reset", "reset");
        this.Json("branch", "branch", "-f", "dev", "v1");
        var squashed = this.Json("merge", "merge", "--squash", "dev");
        Assert.Equal("up-to-date", squashed.GetProperty("status").GetString());
        this.Error(ErrorCode.InvalidArgument, "purge", "/captions", "0");   // dev and v1 hold it too
        Assert.Empty(this.Json("expire", "expire", "--older-than", "2000-01-01").GetProperty("dropped").EnumerateArray());
        this.Error(ErrorCode.Usage, "expire", "--older-than", "soon");
        var purged = this.Json("purge", "purge", "/captions", "0", "--all-history");
        Assert.Contains(purged.GetProperty("refs").EnumerateArray(), r => r.GetProperty("name").GetString() == "v1");

        this.Json("rm", "rm", "/captions", "1");
        this.Json("rm", "rm", "/info");
        this.Json("column add", "column", "add", "/blobs", "--kind", "bytes");
        this.Json("column rm", "column", "rm", "/blobs");
        this.Json("group add", "group", "add", "/g/h");
        this.Json("group rm", "group", "rm", "/g", "-r");
        this.Json("array add", "array", "add", "/a", "--shape", "2", "--chunks", "2", "--dtype", "int8");
        this.Json("array rm", "array", "rm", "/a");
        var reset = this.Json("reset", "reset");
        Assert.False(reset.GetProperty("detached").GetBoolean());

        File.WriteAllText(this.InRepo("t.csv"), "a,b\n1,x\n2,y\n");
        this.Json("import csv", "import", "csv", "t.csv", "--into", "/t");
        this.Json("export csv", "export", "csv", "/t", "out.csv");
        this.Json("export parquet", "export", "parquet", "/t", "out.parquet");
        this.Json("import parquet", "import", "parquet", "out.parquet", "--into", "/p");
        this.Json("export npz", "export", "npz", "/t", "out.npz", "--columns", "a");
        this.Json("import npz", "import", "npz", "out.npz", "--into", "/z");
        this.Json("export npy", "export", "npy", "/t/a", "a.npy");
        this.Json("import npy", "import", "npy", "a.npy", "--into", "/n/a");
        var zarrOut = this.Json("export zarr", "export", "zarr", "/grid", "grid.zarr");
        Assert.Equal("grid.zarr", zarrOut.GetProperty("file").GetString());
        var zarrIn = this.Json("import zarr", "import", "zarr", "grid.zarr", "--into", "/copy");
        Assert.Equal(("zarr", "grid.zarr"), (zarrIn.GetProperty("format").GetString(), zarrIn.GetProperty("file").GetString()));
        Directory.CreateDirectory(this.InRepo("blobs/x"));
        File.WriteAllText(this.InRepo("blobs/x/a.bin"), "a");
        var filesIn = this.Json("import files", "import", "files", "blobs", "--into", "/f", "--raw", "--label");
        Assert.Equal(["x"], filesIn.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        this.Json("export files", "export", "files", "/f", "blobs-out");
        var h5Out = this.Json("export hdf5", "export", "hdf5", "/t", "t.h5");
        Assert.Equal(2, h5Out.GetProperty("columns").GetInt32());
        this.Json("import hdf5", "import", "hdf5", "t.h5", "--into", "/h5", "--as-columns");
        this.Json("commit", "commit", "-m", "imports");

        this.dir.Ok("init", "remote", "--user", "Test", "--email", "test@example.com");
        this.Json("remote add", "remote", "add", "origin", "../remote");
        this.Json("remote list", "remote", "list");
        this.Json("remote", "remote");
        this.Json("push", "push", "origin");
        this.Json("push", "push", "origin", "dev", "--tags");
        this.Json("fetch", "fetch", "origin");
        this.Json("fetch-data", "fetch-data");
        this.Json("pull", "pull", "origin");
        var clone = this.Json("clone", ["clone", "remote", "copy", "--no-data"], at: this.dir.Path);
        Assert.Equal("main", clone.GetProperty("branch").GetString());
        var deleted = this.Json("push", "push", "origin", "--delete", "dev");
        Assert.Equal("dev", deleted.GetProperty("deleted")[0].GetProperty("name").GetString());
        this.Json("gc", "gc", "--remote", "origin", "--grace-period", "0s");
        var collected = this.Json("gc", "gc", "--remote", "origin", "--grace-period", "0s");
        Assert.Equal(0, collected.GetProperty("waiting").GetInt32());
        this.Json("remote rm", "remote", "rm", "origin");

        this.Git("init", "-q", "-b", "main");
        File.WriteAllText(this.InRepo("App.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>\n");
        this.Json("pin", "pin", "App.csproj", "--dataset", "d", "--repository", ".", "--branch", "main", "--columns", "/images");
        this.Json("pin", "pin", "App.csproj", "--check");
        this.Git("add", "App.csproj");
        this.Git("commit", "-q", "-m", "pin");
        this.Json("pins", "pins", "--git", "HEAD", "App.csproj");
        this.Json("link", "link", "HEAD", "--git", "HEAD");

        this.Json("branch", "branch", "-m", "dev", "feature");
        this.Json("branch", "branch", "-d", "feature", "--force");
        this.Json("tag", "tag", "-d", "v1");
        this.Json("lock status", "lock", "status");
        this.Json("lock release", "lock", "release");
        this.Json("gc", "gc", "--dry-run");
        this.Json("quickstart", ["quickstart", "demo"], at: this.dir.Path);

        this.Error(ErrorCode.KeyNotFound, "get", "/images", "99");
        this.Error(ErrorCode.NotARepository, ["status"], at: this.dir.Path);

        var missed = this.schema.Commands.Except(this.covered).Except(Servers).ToList();
        Assert.True(missed.Count == 0, $"not run: {string.Join(", ", missed)}");
    }

    private string Repo => Path.Combine(this.dir.Path, "data");

    private string InRepo(string name) => Path.Combine(this.Repo, name);

    private JsonElement Json(string command, params string[] args) => this.Json(command, 0, args);

    private JsonElement Json(string command, string[] args, string at) => this.Run(command, 0, args, at);

    private JsonElement Json(string command, int exit, params string[] args) => this.Run(command, exit, args, this.Repo);

    /// <summary>Runs a command with --json, checks its exit code and its stdout against the contract's entry for <paramref name="command"/>.</summary>
    private JsonElement Run(string command, int exit, string[] args, string at)
    {
        Assert.Contains(command, this.schema.Commands);
        var result = TensorTool.Run(at, [.. args, "--json"]);
        Assert.True(result.ExitCode == exit, $"dotnet tensor {string.Join(' ', args)}: {result}");
        var problems = this.schema.CheckOutput(command, result.Stdout);
        Assert.True(problems.Count == 0, $"dotnet tensor {string.Join(' ', args)} --json does not follow '{command}' of the contract:\n{string.Join('\n', problems)}\n{result.Stdout}");
        this.covered.Add(command);
        return result.Json;
    }

    private void Error(ErrorCode code, params string[] args) => this.Error(code, args, this.Repo);

    /// <summary>Runs a failing command with --json: nothing on stdout, the contract's error object on stderr.</summary>
    private void Error(ErrorCode code, string[] args, string at)
    {
        var result = TensorTool.Run(at, [.. args, "--json"]);
        Assert.True(result.ExitCode == code.ExitCode(), result.ToString());
        Assert.Equal("", result.Stdout);
        var problems = this.schema.CheckError(result.Stderr);
        Assert.True(problems.Count == 0, $"{string.Join('\n', problems)}\n{result.Stderr}");
        Assert.Equal(code.Name(), result.Error.GetProperty("code").GetString());
    }

    private void Git(params string[] args) =>
        ExternalProgram.Run("git", ["-C", this.Repo, "-c", "user.name=Coder", "-c", "user.email=coder@example.com", "-c", "commit.gpgsign=false", .. args]);

    public void Dispose() => this.dir.Dispose();

    [GeneratedRegex(@"^### `(\w+)` shape$", RegexOptions.Multiline)]
    private static partial Regex ShapeHeading();

    [GeneratedRegex(@"```json\n(?<json>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex(@"#/\$defs/(?<name>\w+)")]
    private static partial Regex ShapeReference();
}
