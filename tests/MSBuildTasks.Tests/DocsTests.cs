using Tessera.MSBuildTasks.Tests.Support;
using Tessera.Pins;

namespace Tessera.MSBuildTasks.Tests;

public sealed class DocsTests
{
    [Fact]
    public void EveryDiagnosticCodeIsDocumented()
    {
        var guide = File.ReadAllText(Path.Combine(PackageFeed.RepositoryRoot, "docs/msbuild.md"));
        foreach (var code in PinCodes.All)
            Assert.Contains($"| `{code}` |", guide);
    }
}
