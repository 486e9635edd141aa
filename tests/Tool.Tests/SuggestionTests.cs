using System.Text.RegularExpressions;
using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>
/// Every command and option that a message, hint or description under src/ suggests exists in the
/// built tool: quoted command lines (<c>'dotnet tensor pin PROJECT --dataset NAME'</c>,
/// <c>'merge --abort'</c>) are checked command by command, a bare option against every command.
/// </summary>
public sealed partial class SuggestionTests
{
    [Fact]
    public void EverySuggestedCommandAndOptionExists()
    {
        using var dir = new TempDir();
        var tool = CliCommand.ReadTool(dir.Path);
        var anyOption = tool.All().SelectMany(c => c.Options).ToHashSet(StringComparer.Ordinal);
        var strings = SourceStrings.Read(Path.Combine(TensorTool.RepositoryRoot, "src"), IsOtherProgram).ToList();
        var problems = new List<string>();
        int suggestions = 0;
        foreach (var source in strings)
        {
            var text = source.Text;
            // A string that is a command line by itself (the quickstart's list), then every quoted one.
            var lines = Quoted().Matches(text).Select(m => m.Groups["text"].Value).ToList();
            if (text.StartsWith("dotnet tensor ", StringComparison.Ordinal))
                lines.Add(text.Split('#')[0]);
            foreach (var line in lines)
            {
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words is ["git", ..])
                {
                    text = text.Replace(line, "", StringComparison.Ordinal);    // git's own options
                    continue;
                }
                if (words is ["dotnet", "tensor", ..])
                    words = words[2..];
                else if (words.Length == 0 || !tool.Subcommands.ContainsKey(words[0]))
                    continue;    // prose in quotes, a name
                suggestions++;
                if (Check(tool, words) is { } problem)
                    problems.Add($"{source}\n    '{line.Replace(SourceStrings.Hole, "{…}", StringComparison.Ordinal)}': {problem}");
                text = text.Replace(line, "", StringComparison.Ordinal);
            }
            foreach (Match option in DoubleDashOption().Matches(text))
            {
                if (!anyOption.Contains(option.Value))
                    problems.Add($"{source}\n    {option.Value} is an option of no command");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        // The scan found what it is for (guards against reading nothing).
        Assert.True(suggestions > 50, $"only {suggestions} suggested commands found in {strings.Count} strings");
    }

    /// <summary>Calls whose strings are arguments of another program (git), or option names this tool no longer has.</summary>
    private static bool IsOtherProgram(string called) => called is "GitProcess.Run" or "ProcessStartInfo" or "Renamed";

    /// <summary>Null when the words after <c>dotnet tensor</c> name existing commands and options; else what is wrong.</summary>
    private static string? Check(CliCommand tool, string[] words)
    {
        var command = tool;
        for (int i = 0; i < words.Length; i++)
        {
            var word = words[i].TrimEnd('.', ',', ';', ')');
            if (word.Contains(SourceStrings.Hole, StringComparison.Ordinal))
                continue;
            if (word.StartsWith('-'))
            {
                foreach (var option in word.Split('|').Select(o => o.Split('=')[0]))
                {
                    if (!command.Options.Contains(option))
                        return $"'{command.Path}' has no option {option}";
                }
                if (word == "-C")
                    i++;    // its folder
            }
            else if (command.Subcommands.TryGetValue(word, out var sub))
            {
                command = sub;
            }
            else if (command == tool)
            {
                return $"there is no command '{word}'";
            }
        }
        return null;
    }

    [GeneratedRegex(@"'(?<text>[^'\n]+)'")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"(?<![\w-])--[a-z][a-z-]*[a-z]")]
    private static partial Regex DoubleDashOption();
}
