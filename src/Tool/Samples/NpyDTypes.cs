using Tessera.Formats.NumPy;

namespace Tessera.Tool.Samples;

/// <summary>The correspondence between Tessera dtypes and numpy dtypes (both little-endian, C order).</summary>
internal static class NpyDTypes
{
    private static readonly (DType DType, NpyDtype Npy)[] Pairs =
    [
        (DType.Bool, NpyDtype.Bool),
        (DType.Int8, NpyDtype.Int8),
        (DType.Int16, NpyDtype.Int16),
        (DType.Int32, NpyDtype.Int32),
        (DType.Int64, NpyDtype.Int64),
        (DType.UInt8, NpyDtype.UInt8),
        (DType.UInt16, NpyDtype.UInt16),
        (DType.UInt32, NpyDtype.UInt32),
        (DType.UInt64, NpyDtype.UInt64),
        (DType.Float16, NpyDtype.Float16),
        (DType.Float32, NpyDtype.Float32),
        (DType.Float64, NpyDtype.Float64),
        (DType.Complex64, NpyDtype.Complex64),
        (DType.Complex128, NpyDtype.Complex128),
    ];

    public static NpyDtype ToNpy(DType dtype) => Pairs.First(p => p.DType == dtype).Npy;

    /// <summary>The Tessera dtype of a numeric numpy array; strings arrays have none.</summary>
    public static DType FromNpy(NpyDtype npy)
    {
        foreach (var (dtype, candidate) in Pairs)
        {
            if (candidate == npy)
                return dtype;
        }
        throw new InvalidInputException(ErrorCode.DTypeMismatch,
            $"The .npy file holds {npy.Descr}, which is not a numeric dtype; put text with --text or a str column, bytes with --file.");
    }
}
