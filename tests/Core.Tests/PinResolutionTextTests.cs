using Tessera.Pins;

namespace Tessera.Tests;

/// <summary>A resolution handed from one MSBuild task to another keeps what each finding is about, so the build can still add its advice.</summary>
public class PinResolutionTextTests
{
    [Fact]
    public void A_findings_details_survive_the_text_form()
    {
        var pin = new DatasetPin("floating", "../data", "main", null, []);
        var resolution = PinResolver.Resolve(pin, Path.GetTempPath());
        var finding = Assert.Single(resolution.Diagnostics);
        Assert.Equal(PinCodes.InvalidPin, finding.Code);
        Assert.DoesNotContain("dotnet tensor", finding.Message, StringComparison.Ordinal);

        var read = Assert.Single(PinResolutionText.Read(PinResolutionText.Write(resolution), pin).Diagnostics);
        Assert.Equal(finding.Message, read.Message);
        Assert.Equal(new Dictionary<ErrorDetail, string> { [ErrorDetail.Dataset] = "floating", [ErrorDetail.Repository] = "../data", [ErrorDetail.Revision] = "main" },
            read.Details.OrderBy(d => d.Key).ToDictionary());
    }
}
