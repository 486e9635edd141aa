using System.Text.RegularExpressions;
using Tessera.MSBuildTasks.Tests.Support;

namespace Tessera.MSBuildTasks.Tests;

/// <summary>
/// Several projects pinning one dataset, built together in parallel builds: the pin is resolved once
/// per build whichever node builds each project, also on the MSBuild server.
/// </summary>
[Collection(PackageFeedCollection.Name)]
public sealed class SharedResolutionTests(PackageFeed feed) : IDisposable
{
    private static readonly string[] Projects = ["One", "Two", "Three"];
    private readonly Workspace workspace = new(feed);

    [Fact]
    public void ProjectsPinningOneDatasetShareOneResolutionAcrossNodesAndOnTheBuildServer()
    {
        var commit = this.workspace.CreateDataset("data");
        var pin = $"""<TensorDataset Include="mnist" Repository="../data" Commit="{commit.ShortId}" Branch="main" VerifyData="true" />""";
        foreach (var name in Projects)
            this.workspace.CreateProject(name, pin, $"System.Console.WriteLine({name}.TensorDatasets.Mnist.Commit);\n");
        File.WriteAllText(this.workspace.PathOf("all.slnx"), $"""
            <Solution>
              {string.Concat(Projects.Select(p => $"<Project Path=\"{p}/{p}.csproj\" />"))}
            </Solution>
            """);
        string[] build = ["build", "all.slnx", "-m:2", "-v:n", "-nologo"];

        var parallel = DotNet.Run(this.workspace.Root, [.. build, "-nodeReuse:false"]);
        Assert.True(parallel.ExitCode == 0, parallel.ToString());
        Assert.Single(Resolutions(parallel, $"{commit.ShortId}, 2 node(s), data verified"));
        foreach (var name in Projects)
            Assert.Contains($"Commit = \"{commit.Id}\"", File.ReadAllText(this.workspace.PathOf($"{name}/obj/Debug/net10.0/tessera/TensorDatasets.g.cs")));

        // The branch moves on: every project resolves again, on the server, and each warns at its own item; still one resolution.
        this.workspace.CommitMore("data", 3);
        try
        {
            var moved = DotNet.RunOnServer(this.workspace.Root, [.. build, "--no-restore"]);
            Assert.True(moved.ExitCode == 0, moved.ToString());
            Assert.True(DotNet.BuildServerIsRunning(), "The MSBuild server did not start.");
            Assert.Single(Resolutions(moved, commit.ShortId));
            foreach (var name in Projects)
                Assert.Matches(new Regex($@"{name}\.csproj\(\d+,\d+\): warning TSR2001"), moved.Output);

            var again = DotNet.RunOnServer(this.workspace.Root, [.. build, "--no-restore"]);
            Assert.True(again.ExitCode == 0, again.ToString());
            Assert.Empty(Resolutions(again, ""));
            Assert.Equal(Projects.Length, Regex.Matches(again.Output, "Skipping target \"TesseraResolveDatasets\" because all output files are up-to-date").Count);
        }
        finally
        {
            DotNet.ShutDownBuildServers(this.workspace.Root);
        }
    }

    public void Dispose() => this.workspace.Dispose();

    /// <summary>The lines where the pin was resolved (the message the resolving task logs once per resolution).</summary>
    private static MatchCollection Resolutions(DotNetResult result, string detail) =>
        Regex.Matches(result.Output, Regex.Escape($"Tessera: dataset 'mnist' -> {detail}"));
}
