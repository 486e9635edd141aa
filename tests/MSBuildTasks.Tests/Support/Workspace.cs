namespace Tessera.MSBuildTasks.Tests.Support;

/// <summary>A temporary folder holding dataset repositories and projects that pin them; deleted on dispose.</summary>
public sealed class Workspace : IDisposable
{
    private readonly PackageFeed feed;

    public Workspace(PackageFeed feed)
    {
        this.feed = feed;
        this.Root = Directory.CreateTempSubdirectory("tessera-msbuild-").FullName;
        File.WriteAllText(Path.Combine(this.Root, "nuget.config"), feed.NuGetConfig);
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(this.Root, relative);

    /// <summary>
    /// A repository with /train_images (uint8 6x6, keys 0..2: sample k is filled with k; large
    /// enough to be stored in a pack, not inline) and /train_labels (int64 scalars 7, 8, 9) in one
    /// commit; returns that commit.
    /// </summary>
    public Commit CreateDataset(string folder)
    {
        using var repo = Repository.Init(this.PathOf(folder), new InitOptions { UserName = "Test", UserEmail = "test@example.com" });
        using var writer = repo.OpenWriter();
        var images = writer.CreateColumn("/train_images", ColumnSchema.NDArray(DType.UInt8, 6, 6));
        var labels = writer.CreateColumn("/train_labels", ColumnSchema.NDArray(DType.Int64));
        for (int k = 0; k < 3; k++)
        {
            images.Add<byte>(k, Enumerable.Repeat((byte)k, 36).ToArray());
            labels.Add<long>(k, [7L + k]);
        }
        return writer.Commit("three digits");
    }

    /// <summary>A repository with one str column at each of <paramref name="paths"/> (one sample each) in one commit; returns that commit.</summary>
    public Commit CreateDataset(string folder, params string[] paths)
    {
        using var repo = Repository.Init(this.PathOf(folder), new InitOptions { UserName = "Test", UserEmail = "test@example.com" });
        using var writer = repo.OpenWriter();
        foreach (var path in paths)
            writer.CreateColumn(path, ColumnSchema.Str()).AddString(0, path);
        return writer.Commit("columns");
    }

    /// <summary>Adds a commit on the current branch of a repository (moves its tip on).</summary>
    public Commit CommitMore(string folder, int key)
    {
        using var repo = Repository.Open(this.PathOf(folder));
        using var writer = repo.OpenWriter();
        writer.Column("/train_labels").Add<long>(key, [100L + key]);
        return writer.Commit($"label {key}");
    }

    /// <summary>Writes an SDK project that references the packed tasks (and Tessera.Core when asked) with the given items and code.</summary>
    public string CreateProject(string name, string items, string program = "", bool referenceCore = false)
    {
        var folder = this.PathOf(name);
        Directory.CreateDirectory(folder);
        string core = referenceCore ? $"""<PackageReference Include="Tessera.Core" Version="{this.feed.Version}" />""" : "";
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Tessera.MSBuildTasks" Version="{this.feed.Version}" />
                {core}
              </ItemGroup>
              <ItemGroup>
                {items}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), program.Length > 0 ? program : "System.Console.WriteLine(\"built\");\n");
        return folder;
    }

    public void Dispose() => PackageFeed.TryDelete(this.Root);
}
