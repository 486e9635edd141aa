using System.Text.RegularExpressions;

namespace Tessera.Tool.Tests.Support;

/// <summary>A command of the built tool as its <c>--help</c> shows it: its options (global ones included) and subcommands.</summary>
public sealed partial class CliCommand
{
    private CliCommand(string path, IReadOnlySet<string> options, IReadOnlyDictionary<string, CliCommand> subcommands)
    {
        this.Path = path;
        this.Options = options;
        this.Subcommands = subcommands;
    }

    /// <summary>The command line that names it, e.g. <c>remote add</c>; empty for the tool itself.</summary>
    public string Path { get; }

    /// <summary>Every spelling of every option: <c>-n</c>, <c>--max-count</c>, <c>--help</c>.</summary>
    public IReadOnlySet<string> Options { get; }

    public IReadOnlyDictionary<string, CliCommand> Subcommands { get; }

    /// <summary>The command tree of the built tool, read from the help of each command.</summary>
    public static CliCommand ReadTool(string workingDirectory) => Read(workingDirectory, []);

    /// <summary>This command and every command below it.</summary>
    public IEnumerable<CliCommand> All() => this.Subcommands.Values.SelectMany(c => c.All()).Prepend(this);

    private static CliCommand Read(string workingDirectory, string[] path)
    {
        var help = TensorTool.Run(workingDirectory, [.. path, "--help"]);
        Assert.True(help.ExitCode == 0, help.ToString());
        var options = Section(help.Stdout, "Options")
            .SelectMany(line => OptionNames().Match(line).Groups["names"].Value.Split(", "))
            .ToHashSet(StringComparer.Ordinal);
        var names = Section(help.Stdout, "Commands").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]).ToList();
        var subcommands = names.AsParallel().AsOrdered()
            .Select(name => Read(workingDirectory, [.. path, name]))
            .ToDictionary(c => c.Path.Split(' ')[^1], StringComparer.Ordinal);
        return new CliCommand(string.Join(' ', path), options, subcommands);
    }

    /// <summary>The entry lines of a help section (two-space indented, up to the next blank line).</summary>
    private static IEnumerable<string> Section(string help, string title) =>
        help.Split('\n').Select(l => l.TrimEnd('\r')).SkipWhile(l => l != title + ":").Skip(1).TakeWhile(l => l.Length > 0)
            .Where(l => l.StartsWith("  ", StringComparison.Ordinal) && !l.StartsWith("   ", StringComparison.Ordinal))
            .Select(l => l[2..]);

    [GeneratedRegex(@"^(?<names>-[^\s,]+(?:, -[^\s,]+)*)")]
    private static partial Regex OptionNames();
}
