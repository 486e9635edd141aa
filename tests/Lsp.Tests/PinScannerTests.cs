using Tessera.Lsp.Features;
using Tessera.Lsp.Pins;
using Tessera.Lsp.Protocol;

namespace Tessera.Lsp.Tests;

public sealed class PinScannerTests
{
    [Fact]
    public void Finds_attribute_values_with_their_positions()
    {
        var pin = Assert.Single(PinScanner.Scan("<Project>\n  <TensorDataset Include=\"d\" Repository=\"../r\" Columns=\"/a; /b\" />\n</Project>"));
        Assert.Equal("../r", pin["Repository"]!.Text);
        Assert.Equal(new LspRange(new Position(1, 41), new Position(1, 45)), pin["Repository"]!.Range);
        Assert.Equal(["/a", "/b"], pin.ColumnEntries.Select(c => c.Path));
        Assert.Equal(new Position(1, 60), pin.ColumnEntries[1].Range.Start);
        Assert.Equal(["/a", "/b"], pin.Pin.Columns);
    }

    [Fact]
    public void Reads_child_element_metadata_and_half_typed_items()
    {
        var pins = PinScanner.Scan("""
            <TensorDataset Include="x">
              <Repository>data</Repository>
              <Commit>abcd</Commit>
            </TensorDataset>
            <TensorDataset Include="y" Commit="12
            <ItemGroup>
            """);
        Assert.Equal(2, pins.Count);
        Assert.Equal("data", pins[0].Pin.Repository);
        Assert.Equal("abcd", pins[0].Pin.Commit);
        Assert.Equal("12", pins[1]["Commit"]!.Text);
        Assert.Equal("Commit", pins[1].ValueAt(new Position(4, 36))!.Value.Metadata);
    }

    [Theory]
    [InlineData(new[] { 28, 28 }, 4096, 1)]
    [InlineData(new[] { 28, 28 }, 196, 2)]
    [InlineData(new[] { 1000 }, 100, 10)]
    [InlineData(new int[0], 1, 1)]
    public void Downsampling_uses_the_smallest_stride_that_fits(int[] shape, int max, int stride) =>
        Assert.Equal(stride, SamplePreview.Stride(shape, max));
}
