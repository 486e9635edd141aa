using System.Reflection;

namespace Tessera.Lsp.Tests.Support;

/// <summary>Paths the build stamps into the test assembly.</summary>
public static class Paths
{
    public static string Tool => Metadata("ToolPath");

    public static string Oracles => Path.Combine(Metadata("RepositoryRoot"), "tests", "oracles");

    private static string Metadata(string key) =>
        typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
