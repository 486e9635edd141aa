namespace Tessera.MLNet;

public static class DataViewExtensions
{
    /// <summary>An ML.NET <see cref="Microsoft.ML.IDataView"/> over columns of this commit or staging area.</summary>
    public static TesseraDataView ToDataView(this IReadView view, DataViewOptions options) => new(view, options);
}
