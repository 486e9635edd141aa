using Tessera.Formats.NumPy;

namespace Tessera.Formats.Mapping;

/// <summary>Tessera dtypes and numpy dtypes (little-endian), both ways.</summary>
public static class NumPyDTypes
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

    /// <summary>The Tessera dtype of a numeric numpy dtype (any byte order); null for string dtypes.</summary>
    public static DType? FromNpy(NpyDtype npy)
    {
        var little = npy.AsLittleEndian();
        foreach (var (dtype, candidate) in Pairs)
        {
            if (candidate.AsLittleEndian() == little)
                return dtype;
        }
        return null;
    }
}
