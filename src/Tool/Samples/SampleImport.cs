using Tessera.Formats.NumPy;

namespace Tessera.Tool.Samples;

/// <summary>Writes the contents of .npy files and plain files into columns.</summary>
internal static class SampleImport
{
    /// <summary>One sample from a whole array (numeric into an ndarray column, one string into a str column).</summary>
    public static void PutArray(WritableColumn column, SampleKey key, NpyArray array)
    {
        if (column.Schema.Kind == ColumnKind.Str)
        {
            var strings = array.GetStrings();
            if (strings.Length != 1)
                throw new InvalidInputException(ErrorCode.ShapeMismatch, $"The .npy file holds {strings.Length} strings; a str sample is one. Use --stacked to put each as a sample.");
            column.AddString(key, strings[0]);
            return;
        }
        var shape = array.Shape.Select(d => checked((int)d)).ToArray();
        column.Add(key, NpyDTypes.FromNpy(array.Dtype), array.Data.Span, shape);
    }

    /// <summary>
    /// Every item along axis 0 as its own sample, keys <paramref name="first"/>, first + 1, ...
    /// Returns how many were put.
    /// </summary>
    public static int PutStacked(WritableColumn column, long first, NpyArray array, IProgress<double>? progress)
    {
        if (array.Shape.Count == 0)
            throw new InvalidInputException(ErrorCode.ShapeMismatch, "--stacked needs an array with at least one dimension; its first axis is the sample index.");
        int count = checked((int)array.Shape[0]);
        if (count > 0 && first > long.MaxValue - (count - 1))
            throw new InvalidInputException(ErrorCode.InvalidKey, $"--stacked would number {count} samples from {first}, past the largest key {long.MaxValue}. Start from a smaller KEY.");
        if (column.Schema.Kind == ColumnKind.Str)
        {
            var strings = array.GetStrings();
            for (int i = 0; i < count; i++)
            {
                column.AddString(first + i, strings[i]);
                Report(progress, i, count);
            }
            return count;
        }
        var dtype = NpyDTypes.FromNpy(array.Dtype);
        var shape = array.Shape.Skip(1).Select(d => checked((int)d)).ToArray();
        int bytesPer = count == 0 ? 0 : array.Data.Length / count;
        for (int i = 0; i < count; i++)
        {
            column.Add(first + i, dtype, array.Data.Span.Slice(i * bytesPer, bytesPer), shape);
            Report(progress, i, count);
        }
        progress?.Report(1);
        return count;
    }

    private static void Report(IProgress<double>? progress, int done, int total)
    {
        if (done % 1024 == 0)
            progress?.Report((double)done / total);
    }
}
