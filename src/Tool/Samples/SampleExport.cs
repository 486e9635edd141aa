using System.Text;
using Tessera.Formats.NumPy;

namespace Tessera.Tool.Samples;

/// <summary>Writes samples to files: ndarrays as .npy, str as UTF-8 text, bytes as they are.</summary>
internal static class SampleExport
{
    public static void WriteFile(Sample sample, string path)
    {
        switch (sample.Kind)
        {
            case ColumnKind.NDArray:
                var shape = sample.Shape.Select(d => (long)d).ToArray();
                NpyWriter.WriteFile(path, new NpyArray(NpyDTypes.ToNpy(sample.DType!.Value), shape, sample.Bytes.ToArray()));
                break;
            case ColumnKind.Str:
                File.WriteAllText(path, sample.AsString(), new UTF8Encoding(false));
                break;
            default:
                File.WriteAllBytes(path, sample.Bytes.ToArray());
                break;
        }
    }
}
