using System.Text.RegularExpressions;
using Tessera.MSBuildTasks.Tests.Support;

namespace Tessera.MSBuildTasks.Tests;

/// <summary>
/// docs/msbuild.md followed as written: its "Getting the packages" commands run in this clone,
/// its nuget.config and its first example (package references and item) make a project that
/// restores both packages from artifacts/packages, builds and reads its pinned data.
/// </summary>
[Collection(PackageFeedCollection.Name)]
public sealed partial class PackageInstructionsTests(PackageFeed feed) : IDisposable
{
    private const string ClonePlaceholder = "PATH/TO/tessera";

    private static readonly string Guide = File.ReadAllText(Path.Combine(PackageFeed.RepositoryRoot, "docs/msbuild.md"));

    private readonly Workspace workspace = new(feed);

    private readonly string version = PackageVersion().Match(Guide).Groups["version"].Value;

    [Fact]
    public void TheGuidesPackagesSourceAndExampleBuildAProjectThatReadsItsPinnedData()
    {
        var section = Guide[Guide.IndexOf("## Getting the packages", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var commands = Block(section, "sh").Split('\n').Select(l => l.Split('#')[0].Trim()).Where(l => l.StartsWith("dotnet ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, commands.Count);
        // As the guide says for a version restored before, so the restore below takes these packs.
        PackageFeed.RemoveCachedCopies(this.version);
        foreach (var command in commands)
        {
            var pack = DotNet.Run(PackageFeed.RepositoryRoot, command.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]);
            Assert.True(pack.ExitCode == 0, pack.ToString());
        }
        File.WriteAllText(this.workspace.PathOf("nuget.config"), Block(section, "xml").Replace(ClonePlaceholder, PackageFeed.RepositoryRoot, StringComparison.Ordinal));

        // The guide's first example, with the commit of a dataset made where its Repository points.
        var example = Block(Guide, "xml");
        var commit = this.workspace.CreateDataset("data/mnist");
        var app = this.workspace.PathOf("App");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              {PinnedCommit().Replace(example, $"Commit=\"{commit.ShortId}\"")}
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), $"""
            using App;
            {Block(Guide, "csharp")}
            System.Console.WriteLine("first " + string.Join(',', first));
            """);

        var build = DotNet.Build(app);
        Assert.True(build.ExitCode == 0, build.ToString());
        foreach (var id in new[] { "tessera.msbuildtasks", "tessera.core" })
        {
            var restored = File.ReadAllText(Path.Combine(PackageFeed.GlobalPackagesFolder, id, this.version, ".nupkg.metadata"));
            Assert.Contains($"\"source\": \"{Path.Combine(PackageFeed.RepositoryRoot, "artifacts", "packages")}", restored, StringComparison.Ordinal);
        }
        var run = DotNet.Run(app, "bin/Debug/net10.0/App.dll");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("first " + string.Join(',', Enumerable.Repeat(0, 36)), run.Output);
    }

    public void Dispose()
    {
        PackageFeed.RemoveCachedCopies(this.version);
        this.workspace.Dispose();
    }

    /// <summary>The first fenced block of <paramref name="text"/> in <paramref name="language"/>.</summary>
    private static string Block(string text, string language)
    {
        var match = Regex.Match(text, $"```{language}\n(?<body>.*?)```", RegexOptions.Singleline);
        Assert.True(match.Success, $"no ```{language} block");
        return match.Groups["body"].Value;
    }

    [GeneratedRegex("Include=\"Tessera.Core\" Version=\"(?<version>[^\"]+)\"")]
    private static partial Regex PackageVersion();

    [GeneratedRegex("Commit=\"[0-9a-f]+\"")]
    private static partial Regex PinnedCommit();
}
