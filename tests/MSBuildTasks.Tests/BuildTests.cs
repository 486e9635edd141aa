using System.Text.RegularExpressions;
using Tessera.MSBuildTasks.Tests.Support;

namespace Tessera.MSBuildTasks.Tests;

/// <summary>
/// Real <c>dotnet build</c> runs of temporary projects that reference the packed task package.
/// Each build takes seconds on a small machine, so one scenario carries several checks.
/// </summary>
[Collection(PackageFeedCollection.Name)]
public sealed class BuildTests(PackageFeed feed) : IDisposable
{
    private const string Resolved = "Tessera: dataset 'mnist' ->";
    private readonly Workspace workspace = new(feed);

    [Fact]
    public void PinnedBuildRunsOnItsMaterializedCopySkipsWorkWhenUnchangedWarnsWhenStalePublishesAndCleans()
    {
        var commit = this.workspace.CreateDataset("data");
        var app = this.workspace.CreateProject("App", $"""
            <TensorDataset Include="mnist" Repository="../data" Commit="{commit.ShortId}" Branch="main" Columns="train_images" Materialize="true" VerifyData="true" />
            """, """
            using System.Linq;
            using System.Reflection;
            using App;
            var commit = Assembly.GetExecutingAssembly().GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "Tessera.Dataset.mnist").Value;
            System.Console.WriteLine($"metadata {commit}");
            System.Console.WriteLine($"constants {TensorDatasets.Mnist.Commit} {TensorDatasets.Mnist.TrainImages.DType} {string.Join('x', TensorDatasets.Mnist.TrainImages.Shape)} {TensorDatasets.Mnist.TrainImages.Count}");
            using var repo = TensorDatasets.Mnist.OpenRepository();
            var sample = TensorDatasets.Mnist.Checkout(repo).Column(TensorDatasets.Mnist.TrainImages.Path).Get(2);
            System.Console.WriteLine($"sample {string.Join(',', sample.ToArray<byte>())} from {repo.Root}");
            """, referenceCore: true);

        var first = DotNet.Build(app);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"{Resolved} {commit.ShortId}, 1 node(s), data verified", first.Output);
        Assert.Contains($"Tessera: materialized 'mnist' at {commit.ShortId}", first.Output);

        // The app reads the pinned sample from the copy in its output folder, without the source repository.
        Directory.Move(this.workspace.PathOf("data"), this.workspace.PathOf("data-away"));
        var run = DotNet.Run(app, "bin/Debug/net10.0/App.dll");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"metadata {commit.Id}", run.Output);
        Assert.Contains($"constants {commit.Id} uint8 6x6 3", run.Output);
        Assert.Contains($"sample {string.Join(',', Enumerable.Repeat(2, 36))} from {Path.Combine(app, "bin/Debug/net10.0/tensor-data/mnist")}", run.Output);
        Directory.Move(this.workspace.PathOf("data-away"), this.workspace.PathOf("data"));

        // Nothing changed but the folder's name: the resolve target is skipped, nothing is compiled again.
        var noop = DotNet.Build(app, "--no-restore");
        Assert.True(noop.ExitCode == 0, noop.ToString());
        Assert.Contains("Skipping target \"TesseraResolveDatasets\" because all output files are up-to-date", noop.Output);
        Assert.Contains("Skipping target \"CoreCompile\"", noop.Output);
        Assert.DoesNotContain(Resolved, noop.Output);

        // The branch moves on: the pin is resolved again and warns; the materialized copy (same commit) is kept.
        this.workspace.CommitMore("data", 3);
        var stale = DotNet.Build(app, "--no-restore");
        Assert.True(stale.ExitCode == 0, stale.ToString());
        Assert.Matches(new Regex(@"App\.csproj\(\d+,\d+\): warning TSR2001: Dataset 'mnist': branch 'main' has moved 1 commit\(s\) past the pinned commit"), stale.Output);
        Assert.Contains(Resolved, stale.Output);
        Assert.DoesNotContain("Tessera: materialized", stale.Output);

        var publish = DotNet.Run(app, "publish", "--no-restore", "-nodeReuse:false", "-o", "published");
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.True(File.Exists(Path.Combine(app, "published/tensor-data/mnist/.tensor/tensor.db")), publish.ToString());

        var clean = DotNet.Run(app, "clean", "-nodeReuse:false");
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.False(File.Exists(Path.Combine(app, "obj/Debug/net10.0/tessera/TensorDatasets.g.cs")));
        Assert.False(File.Exists(Path.Combine(app, "bin/Debug/net10.0/tensor-data/mnist/.tensor/tensor.db")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app, "obj/Debug/net10.0/tessera"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void BrokenPinsFailTheBuildWithOneCodedErrorEachAndWarningsForTheirBranches()
    {
        var commit = this.workspace.CreateDataset("data");
        this.CorruptCopyOf("data", "damaged");
        var merging = this.LeaveMergeInProgress("merging");
        var app = this.workspace.CreateProject("App", $"""
            <TensorDataset Include="nowhere" Repository="../missing" Commit="{commit.ShortId}" />
            <TensorDataset Include="unknown" Repository="../data" Commit="0123456789ab" />
            <TensorDataset Include="columns" Repository="../data" Commit="{commit.ShortId}" Columns="train_images;test_images" />
            <TensorDataset Include="floating" Repository="../data" Commit="main" />
            <TensorDataset Include="twice" Repository="../data" Commit="{commit.ShortId}" />
            <TensorDataset Include="Twice" Repository="../data" Commit="{commit.ShortId}" />
            <TensorDataset Include="damaged" Repository="../damaged" Commit="{commit.ShortId}" VerifyData="true" />
            <TensorDataset Include="offbranch" Repository="../data" Commit="{commit.ShortId}" Branch="no-such-branch" />
            <TensorDataset Include="merging" Repository="../merging" Commit="{merging.ShortId}" Branch="main" />
            """);

        var build = DotNet.Build(app);
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error TSR1001: Dataset 'nowhere': there is no Tessera repository at", build.Output);
        Assert.Contains("error TSR1002: Dataset 'unknown': commit 0123456789ab is not in repository", build.Output);
        Assert.Contains("error TSR1003: Dataset 'columns': column '/test_images' is not in commit", build.Output);
        Assert.Contains("error TSR1004: Dataset 'floating': Commit=\"main\" is not a commit id", build.Output);
        Assert.Contains("error TSR1007: Dataset 'twice' is pinned 2 times", build.Output);
        Assert.Contains("error TSR1006: Dataset 'damaged': the data of commit", build.Output);
        Assert.Contains("warning TSR2003: Dataset 'offbranch': branch 'no-such-branch' does not exist", build.Output);
        Assert.Contains("warning TSR2002: Dataset 'merging': branch 'main' has a merge in progress", build.Output);
        // The build adds the command that fixes each (Core's words name none).
        Assert.Matches(new Regex(@"so pins name commits: write the id it stands for\. 'dotnet tensor pin PROJECT --dataset floating --repository \S*data --commit main' writes the id\."), build.Output);
        Assert.Contains("--dataset unknown --repository DIR --branch main' pins the tip.", build.Output);
        Assert.Matches(new Regex(@"'dotnet tensor -C ""[^""]*damaged"" verify' lists the damage\."), build.Output);
        Assert.Matches(new Regex(@"abort it with 'dotnet tensor -C ""[^""]*merging"" merge --abort'\."), build.Output);
        // Diagnostics point at the item's line in the project file.
        Assert.Matches(new Regex(@"App\.csproj\(13,\d+\): error TSR1001"), build.Output);
        Assert.False(File.Exists(Path.Combine(app, "obj/Debug/net10.0/tessera/TensorDatasets.g.cs")));
    }

    public void Dispose() => this.workspace.Dispose();

    /// <summary>A copy of a repository whose pack has one flipped byte in the last sample's data.</summary>
    private void CorruptCopyOf(string source, string copy)
    {
        var from = this.workspace.PathOf(source);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(this.workspace.PathOf(copy), Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var pack = Directory.EnumerateFiles(this.workspace.PathOf(copy), "*.pack", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(pack);
        int last = Array.FindLastIndex(bytes, b => b != 0);
        bytes[last] ^= 0xFF;
        File.WriteAllBytes(pack, bytes);
    }

    /// <summary>A repository whose main branch is in a merge stopped at a conflict; returns its first commit.</summary>
    private Commit LeaveMergeInProgress(string folder)
    {
        var first = this.workspace.CreateDataset(folder);
        using var repo = Repository.Open(this.workspace.PathOf(folder));
        repo.Branches.Create("dev");
        using var writer = repo.OpenWriter();
        writer.Column("/train_labels").Add<long>(0, [1L]);
        writer.Commit("main's label");
        writer.SwitchBranch("dev");
        writer.Column("/train_labels").Add<long>(0, [2L]);
        writer.Commit("dev's label");
        writer.SwitchBranch("main");
        Assert.NotEmpty(writer.Merge("dev").Conflicts);
        return first;
    }
}
