using System.Globalization;
using System.Reflection;

namespace Tessera.MSBuildTasks.Tests.Support;

/// <summary>
/// Packs Tessera.MSBuildTasks and Tessera.Core (already built) into a temporary folder feed, once
/// per test run, under a version of their own so NuGet's global cache never serves an older pack.
/// That version is removed from the cache afterwards.
/// </summary>
public sealed class PackageFeed : IDisposable
{
    public PackageFeed()
    {
        this.Folder = Directory.CreateTempSubdirectory("tessera-feed-").FullName;
        this.Version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        foreach (var project in new[] { "src/MSBuildTasks/Tessera.MSBuildTasks.csproj", "src/Core/Tessera.Core.csproj" })
        {
            var result = DotNet.Run(RepositoryRoot, "pack", project, "--no-build", "-c", Configuration, "-o", this.Folder, $"-p:PackageVersion={this.Version}", "-nologo");
            if (result.ExitCode != 0)
                throw new InvalidOperationException($"Packing {project} failed: {result}");
        }
    }

    public string Folder { get; }

    public string Version { get; }

    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string Configuration { get; } = Metadata("Configuration");

    /// <summary>A nuget.config that finds the packed packages first, everything else where it always comes from.</summary>
    public string NuGetConfig => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="tessera-test" value="{this.Folder}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
          </packageSources>
        </configuration>
        """;

    /// <summary>NuGet's global packages folder, where restored packages are kept by id and version.</summary>
    public static string GlobalPackagesFolder { get; } = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public void Dispose()
    {
        RemoveCachedCopies(this.Version);
        TryDelete(this.Folder);
    }

    /// <summary>Removes this version of both packages from the global packages folder, so the next restore takes a fresh pack.</summary>
    public static void RemoveCachedCopies(string version)
    {
        foreach (var id in new[] { "tessera.msbuildtasks", "tessera.core" })
            TryDelete(Path.Combine(GlobalPackagesFolder, id, version));
    }

    internal static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Metadata(string key) =>
        typeof(PackageFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;
}

[CollectionDefinition(Name)]
public sealed class PackageFeedCollection : ICollectionFixture<PackageFeed>
{
    public const string Name = "package feed";
}
