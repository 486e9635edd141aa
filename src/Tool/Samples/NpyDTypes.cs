using Tessera.Formats.Mapping;
using Tessera.Formats.NumPy;

namespace Tessera.Tool.Samples;

/// <summary>The CLI's use of the dtype table in <see cref="NumPyDTypes"/>: a non-numeric file gets the CLI's advice.</summary>
internal static class NpyDTypes
{
    public static NpyDtype ToNpy(DType dtype) => NumPyDTypes.ToNpy(dtype);

    /// <summary>The Tessera dtype of a numeric numpy array; string arrays have none.</summary>
    public static DType FromNpy(NpyDtype npy) => NumPyDTypes.FromNpy(npy)
        ?? throw new InvalidInputException(ErrorCode.DTypeMismatch,
            $"The .npy file holds {npy.Descr}, which is not a numeric dtype; put text with --text or a str column, bytes with --file.");
}
