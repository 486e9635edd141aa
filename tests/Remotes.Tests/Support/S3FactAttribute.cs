using Xunit.Abstractions;
using Xunit.Sdk;

namespace Tessera.Remotes.Tests.Support;

/// <summary>Marks a test class that runs against Ceph RGW, so <see cref="S3FactAttribute"/> can skip it on request.</summary>
public interface IRunsOnRgw;

/// <summary>
/// A fact of the S3 contract, which runs once per server. On a class that runs against RGW it is
/// reported as skipped when TESSERA_SKIP_RGW=1 is set, and only then: an RGW that fails to start
/// otherwise fails the tests.
/// </summary>
[XunitTestCaseDiscoverer("Tessera.Remotes.Tests.Support.S3FactDiscoverer", "Tessera.Remotes.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class S3FactAttribute : FactAttribute;

public sealed class S3FactDiscoverer(IMessageSink diagnostics) : FactDiscoverer(diagnostics)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        if (RgwFixture.Skipped && typeof(IRunsOnRgw).IsAssignableFrom(testMethod.TestClass.Class.ToRuntimeType()))
        {
            return new XunitSkippedDataRowTestCase(this.DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(),
                testMethod, "TESSERA_SKIP_RGW=1");
        }
        return base.CreateTestCase(discoveryOptions, testMethod, factAttribute);
    }
}
