namespace Tessera.Pins;

/// <summary>A column or array a pin selects, as it is at the pinned commit.</summary>
/// <param name="Path">Node path, e.g. <c>/train_images</c>.</param>
/// <param name="Kind">column or array.</param>
/// <param name="SampleKind">For a column: ndarray, str or bytes.</param>
/// <param name="DType">Null for str/bytes columns.</param>
/// <param name="Shape">A column's sample shape (max shape when variable); an array's shape.</param>
/// <param name="Count">Samples in a column; stored chunks of an array.</param>
public sealed record PinnedNode(string Path, NodeKind Kind, ColumnKind? SampleKind, DType? DType, IReadOnlyList<long> Shape, bool VariableShape, long Count)
{
    internal static PinnedNode From(NodeInfo node) => node.Array is { } array
        ? new PinnedNode(node.Path, node.Kind, null, array.DType, array.Shape, false, node.Count)
        : new PinnedNode(node.Path, node.Kind, node.Schema!.Kind, node.Schema.DType, node.Schema.Shape.Select(d => (long)d).ToList(), node.Schema.VariableShape, node.Count);
}
