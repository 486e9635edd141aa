using System.Diagnostics;
using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>Text that is not valid UTF-8 and numbers past every limit are refused with a clear error, and change nothing.</summary>
public class InputValidationTests
{
    [Fact]
    public void Invalid_utf8_from_a_file_is_refused_for_a_str_column_and_kept_exactly_in_a_bytes_column()
    {
        using var dir = new TempDir();
        dir.Seed();
        byte[] latin1 = [0x63, 0x61, 0x66, 0xE9]; // "café" in Latin-1: not UTF-8
        File.WriteAllBytes(dir.File("latin1.txt"), latin1);
        var error = dir.FailsJson(ErrorCode.InvalidArgument, "put", "/captions", "0", "--file", "latin1.txt");
        Assert.Contains("bytes column", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(dir.Ok("status", "--json").Json.GetProperty("staged").EnumerateArray());
        Assert.Equal("caption 0", dir.Ok("get", "/captions", "0").Stdout.Trim());

        dir.Ok("column", "add", "/raw", "--kind", "bytes");
        dir.Ok("put", "/raw", "0", "--file", "latin1.txt");
        dir.Ok("get", "/raw", "0", "--out", "back.bin");
        Assert.Equal(latin1, File.ReadAllBytes(dir.File("back.bin")));

        File.WriteAllBytes(dir.File("utf8.txt"), "café ✓"u8.ToArray());
        dir.Ok("put", "/captions", "0", "--file", "utf8.txt");
        Assert.Equal("café ✓", dir.Ok("get", "/captions", "0").Stdout.Trim());
    }

    [Fact]
    public void Invalid_utf8_on_the_command_line_is_refused()
    {
        using var dir = new TempDir();
        dir.Seed();
        // The shell passes the byte 0xFF itself; the runtime turns it into U+FFFD before the tool sees it.
        var start = new ProcessStartInfo("sh") { WorkingDirectory = dir.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"dotnet '{TensorTool.Path}' put /captions 1 --text \"$(printf 'ab\\377c')\" --json");
        using var shell = Process.Start(start)!;
        string stderr = shell.StandardError.ReadToEnd();
        shell.WaitForExit();
        Assert.Equal(ErrorCode.InvalidArgument.ExitCode(), shell.ExitCode);
        Assert.Contains("--file", stderr, StringComparison.Ordinal);
        Assert.Equal("caption 1", dir.Ok("get", "/captions", "1").Stdout.Trim());
    }

    [Fact]
    public void Revisions_past_any_history_and_names_with_two_dots_are_refused()
    {
        using var dir = new TempDir();
        dir.Seed();
        var error = dir.FailsJson(ErrorCode.RefNotFound, "log", "HEAD~99999999999999999999");
        Assert.Contains("goes past the history", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        dir.FailsJson(ErrorCode.RefNotFound, "show", "HEAD^4294967296");
        dir.FailsJson(ErrorCode.RefNotFound, "diff", "HEAD~2147483647", "HEAD");
        var dots = dir.FailsJson(ErrorCode.InvalidName, "branch", "a..b");
        Assert.Contains("revision range", dots.GetProperty("message").GetString(), StringComparison.Ordinal);
        dir.FailsJson(ErrorCode.InvalidName, "tag", "v1..v2");
    }
}
