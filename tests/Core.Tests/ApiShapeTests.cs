namespace Tessera.Tests;

/// <summary>Conventions of the public API, checked by reflection so they stay true.</summary>
public class ApiShapeTests
{
    /// <summary>Core's public types and those of Tessera.Remotes (push, fetch and clone options and results).</summary>
    private static readonly Type[] PublicTypes = [.. typeof(Repository).Assembly.GetExportedTypes(), .. typeof(RemoteTransfers).Assembly.GetExportedTypes()];

    [Fact]
    public void Storage_and_manifest_internals_are_not_public()
    {
        var leaked = PublicTypes.Where(t => t.Namespace is "Tessera.Storage" or "Tessera.Manifests" or "Tessera.Staging" or "Tessera.History" or "Tessera.Arrays" or "Tessera.Objects");
        Assert.Empty(leaked);
    }

    [Fact]
    public void Every_public_exception_is_a_tessera_exception_with_a_code()
    {
        var exceptions = PublicTypes.Where(t => typeof(Exception).IsAssignableFrom(t)).ToList();
        Assert.NotEmpty(exceptions);
        Assert.All(exceptions, t => Assert.True(typeof(TesseraException).IsAssignableFrom(t), $"{t.Name} does not derive from TesseraException"));
    }

    [Fact]
    public void Options_and_results_are_immutable_records()
    {
        foreach (var t in PublicTypes.Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal) || t.Name.EndsWith("Result", StringComparison.Ordinal)))
        {
            Assert.True(t.GetMethod("<Clone>$") is not null, $"{t.Name} is not a record");
            Assert.All(t.GetProperties().Where(p => p.SetMethod is { IsPublic: true }),
                p => Assert.True(p.SetMethod!.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit"), $"{t.Name}.{p.Name} has a public setter"));
        }
    }
}
