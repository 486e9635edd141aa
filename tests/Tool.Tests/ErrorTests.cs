using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>Each error class gives its documented exit code, a message that says what to do, and no stack trace.</summary>
public class ErrorTests
{
    [Fact]
    public void Bad_arguments_are_usage_errors()
    {
        using var dir = new TempDir();
        dir.Seed();
        var unknownOption = dir.Fails(ErrorCode.Usage, "status", "--no-such-option");
        Assert.Contains("--help", unknownOption.Stderr, StringComparison.Ordinal);
        Assert.Empty(unknownOption.Stdout);
        dir.FailsJson(ErrorCode.Usage, "commit");
        dir.FailsJson(ErrorCode.Usage, "no-such-command");
        dir.FailsJson(ErrorCode.Usage, "merge", "--strategy", "sideways", "main");
        dir.FailsJson(ErrorCode.Usage, "put", "/images", "0");
        dir.FailsJson(ErrorCode.Usage, "resolve", "/images", "--ours", "--theirs");
        dir.FailsJson(ErrorCode.InvalidSchema, "column", "add", "/x", "--dtype", "uint7", "--shape", "2");
        dir.FailsJson(ErrorCode.ShapeMismatch, "put", "/images", "9", "--npy", "batch.npy");
    }

    [Fact]
    public void Old_option_names_are_usage_errors_that_name_the_new_one()
    {
        using var dir = new TempDir();
        dir.Seed();
        string Problem(params string[] args) => dir.FailsJson(ErrorCode.Usage, args).GetProperty("message").GetString()!;
        Assert.StartsWith("'--ref' is now '--rev'.", Problem("export", "npy", "/images", "x.npy", "--ref", "main"), StringComparison.Ordinal);
        Assert.StartsWith("'--ref' is now '--rev'.", Problem("export", "zarr", "/", "store", "--ref=main"), StringComparison.Ordinal);
        Assert.StartsWith("'--ref' is now '--rev'.", Problem("fetch-data", "--ref", "main"), StringComparison.Ordinal);
        Assert.StartsWith("'--codec' is now '--compression'.", Problem("export", "parquet", "/", "x.parquet", "--codec", "zstd"), StringComparison.Ordinal);
        var text = dir.Fails(ErrorCode.Usage, "export", "zarr", "/", "store", "--codec", "none");
        Assert.Contains("'--codec' is now '--compression'. Run 'dotnet tensor export zarr --help' to see the usage.", text.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("x.npy")) || File.Exists(dir.File("x.parquet")) || Directory.Exists(dir.File("store")));
    }

    [Fact]
    public void Unknown_refs_and_missing_things_are_not_found()
    {
        using var dir = new TempDir();
        dir.Seed();
        var error = dir.FailsJson(ErrorCode.RefNotFound, "log", "nope");
        Assert.Contains("nope", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        dir.FailsJson(ErrorCode.RefNotFound, "checkout", "nope");
        dir.FailsJson(ErrorCode.RefNotFound, "diff", "main", "nope");
        dir.FailsJson(ErrorCode.RefNotFound, "show", "HEAD~5");
        dir.FailsJson(ErrorCode.NodeNotFound, "get", "/nothing", "0");
        dir.FailsJson(ErrorCode.KeyNotFound, "get", "/images", "99");
        dir.FailsJson(ErrorCode.NoMergeInProgress, "conflicts");
    }

    [Fact]
    public void Outside_a_repository_says_how_to_make_one()
    {
        using var dir = new TempDir();
        var result = dir.Fails(ErrorCode.NotARepository, "status");
        Assert.Contains("dotnet tensor init", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        dir.Ok("init");
        dir.FailsJson(ErrorCode.AlreadyARepository, "init");
    }

    [Fact]
    public void A_held_writer_lock_blocks_writes_but_not_reads()
    {
        using var dir = new TempDir();
        dir.Seed();
        using (var repo = Repository.Open(dir.Path))
        using (repo.OpenWriter())
        {
            var error = dir.FailsJson(ErrorCode.WriterLockHeld, "put", "/captions", "0", "--text", "blocked");
            // The holder runs on this host: breaking its lock is never the advice, waiting is.
            Assert.Contains("Wait for it to finish", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain("--force", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            var holder = dir.Ok("status", "--json").Json.GetProperty("lock");
            Assert.Equal(Environment.ProcessId, holder.GetProperty("pid").GetInt32());
            Assert.False(holder.GetProperty("stale").GetBoolean());
            dir.FailsJson(ErrorCode.WriterLockHeld, "lock", "release");
            dir.Ok("log");
        }
        Assert.Equal(System.Text.Json.JsonValueKind.Null, dir.Ok("lock", "status", "--json").Json.ValueKind);
        dir.Ok("put", "/captions", "0", "--text", "free again");
    }

    [Fact]
    public void Checkout_with_staged_changes_is_refused()
    {
        using var dir = new TempDir();
        dir.Seed();
        dir.Ok("branch", "dev");
        dir.Ok("put", "/captions", "0", "--text", "staged");
        var error = dir.FailsJson(ErrorCode.StagedChanges, "checkout", "dev");
        Assert.Contains("reset", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("main", dir.Ok("status", "--json").Json.GetProperty("branch").GetString());
        dir.FailsJson(ErrorCode.CurrentBranch, "branch", "-d", "main");
    }

    [Fact]
    public void A_corrupt_pack_is_reported_by_verify_and_never_returned_as_data()
    {
        using var dir = new TempDir();
        dir.Ok("init");
        dir.Ok("column", "add", "/blob", "--kind", "bytes");
        System.IO.File.WriteAllBytes(dir.File("big.bin"), Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray());
        dir.Ok("put", "/blob", "0", "--file", "big.bin");
        dir.Ok("commit", "-m", "one blob");

        var pack = Directory.GetFiles(System.IO.Path.Combine(dir.Path, ".tensor", "packs"), "*.pack").Single();
        var bytes = System.IO.File.ReadAllBytes(pack);
        bytes[bytes.Length / 2] ^= 0xFF;
        System.IO.File.WriteAllBytes(pack, bytes);

        var verify = dir.Fails(ErrorCode.CorruptObject, "verify", "--json").Json;
        Assert.False(verify.GetProperty("ok").GetBoolean());
        var problem = Assert.Single(verify.GetProperty("problems").EnumerateArray().ToList());
        Assert.Contains(".pack", problem.GetProperty("where").GetString(), StringComparison.Ordinal);
        var error = dir.FailsJson(ErrorCode.CorruptObject, "get", "/blob", "0");
        Assert.Contains("verify", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
