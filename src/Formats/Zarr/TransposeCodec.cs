using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Formats.Zarr;

/// <summary>
/// The <c>transpose</c> codec: the stored chunk is the decoded one with its axes permuted by
/// <c>order</c> (encoded axis i is decoded axis order[i]).
/// </summary>
internal sealed class TransposeCodec : IArrayToArrayCodec
{
    private readonly int[] order;

    private TransposeCodec(int[] order) => this.order = order;

    public string Name => "transpose";

    public static TransposeCodec Parse(JsonObject configuration, int rank, string file)
    {
        var order = configuration["order"] as JsonArray
            ?? throw ZarrErrors.BadMetadata(file, "the transpose codec needs \"order\", a permutation of the axes such as [1, 0].");
        var axes = order.Select(a => a?.GetValueKind() == JsonValueKind.Number ? a.GetValue<int>() : -1).ToArray();
        if (axes.Length != rank || axes.Order().Where((a, i) => a != i).Any())
            throw ZarrErrors.BadMetadata(file, $"the transpose order {order.ToJsonString()} is not a permutation of the array's {rank} axes.");
        return new TransposeCodec(axes);
    }

    public int[] EncodedShape(int[] shape) => this.order.Select(axis => shape[axis]).ToArray();

    public byte[] Decode(byte[] encoded, int[] decodedShape, int itemSize)
    {
        int rank = decodedShape.Length;
        var encodedShape = this.EncodedShape(decodedShape);
        // Stride in the encoded chunk of each decoded axis.
        var strides = new long[rank];
        long stride = itemSize;
        for (int i = rank - 1; i >= 0; i--)
        {
            strides[this.order[i]] = stride;
            stride *= encodedShape[i];
        }
        var decoded = new byte[encoded.Length];
        var index = new int[rank];
        for (int offset = 0; offset < decoded.Length; offset += itemSize)
        {
            long source = 0;
            for (int d = 0; d < rank; d++)
                source += index[d] * strides[d];
            encoded.AsSpan((int)source, itemSize).CopyTo(decoded.AsSpan(offset));
            for (int d = rank - 1; d >= 0 && ++index[d] == decodedShape[d]; d--)
                index[d] = 0;
        }
        return decoded;
    }
}
