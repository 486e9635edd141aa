using System.Text.RegularExpressions;
using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>docs/cli.md stays in step with the code: the exit-code table and the command list.</summary>
public partial class DocsTests
{
    private static readonly string CliDoc = File.ReadAllText(Path.Combine(TensorTool.RepositoryRoot, "docs", "cli.md"));

    [Fact]
    public void Every_error_code_is_in_the_exit_code_table()
    {
        var rows = TableRow().Matches(CliDoc).ToDictionary(m => m.Groups["name"].Value, m => int.Parse(m.Groups["exit"].Value, System.Globalization.CultureInfo.InvariantCulture));
        foreach (var code in Enum.GetValues<ErrorCode>())
        {
            Assert.True(rows.TryGetValue(code.Name(), out int exit), $"docs/cli.md has no exit-code row for {code.Name()}");
            Assert.Equal(code.ExitCode(), exit);
        }
        Assert.Equal(Enum.GetValues<ErrorCode>().Length, rows.Count);
    }

    [Fact]
    public void Every_command_is_documented_and_has_help()
    {
        using var dir = new TempDir();
        var help = dir.Ok("--help").Stdout;
        var commands = CommandLine().Matches(help.Split("Commands:")[1]).Select(m => m.Groups["name"].Value).ToList();
        Assert.Contains("quickstart", commands);
        foreach (var command in commands)
        {
            Assert.Contains($"### `{command}", CliDoc, StringComparison.Ordinal);
            Assert.Contains("Usage:", dir.Ok(command, "--help").Stdout, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"^\| *(?<exit>\d+) *\| *`(?<name>[a-z-]+)` *\|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex(@"^  (?<name>[a-z]+)", RegexOptions.Multiline)]
    private static partial Regex CommandLine();
}
