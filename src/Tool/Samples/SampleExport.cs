using System.Text;
using Tessera.Formats.Mapping;
using Tessera.Formats.NumPy;

namespace Tessera.Tool.Samples;

/// <summary>Writes samples to files: ndarrays as .npy, str as UTF-8 text, bytes as they are.</summary>
internal static class SampleExport
{
    /// <summary>Writes <paramref name="sample"/> to <paramref name="path"/> as every output file is written (<see cref="OutputFile"/>).</summary>
    public static void WriteFile(Sample sample, string path) => OutputFile.Write(path, stream =>
    {
        switch (sample.Kind)
        {
            case ColumnKind.NDArray:
                var shape = sample.Shape.Select(d => (long)d).ToArray();
                NpyWriter.Write(stream, new NpyArray(NpyDTypes.ToNpy(sample.DType!.Value), shape, sample.Bytes.ToArray()));
                break;
            case ColumnKind.Str:
                stream.Write(Encoding.UTF8.GetBytes(sample.AsString()));
                break;
            default:
                stream.Write(sample.Bytes.Span);
                break;
        }
    });
}
