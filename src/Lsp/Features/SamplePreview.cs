using System.Text.Json;
using Tessera.Lsp.Protocol;

namespace Tessera.Lsp.Features;

/// <summary>
/// <c>tessera/sample</c>: one sample for a preview, <c>{path, key, kind, dtype, shape, stats,
/// valuesShape, values, downsampled}</c>. An ndarray is downsampled by taking every s-th element
/// along each axis, with the smallest stride s that keeps at most <c>maxElements</c> values, so
/// an image stays an image; <c>stats</c> are over every element. A str sample's text and a bytes
/// sample's bytes are cut at <c>maxElements</c>.
/// </summary>
internal sealed class SamplePreview
{
    private readonly string path;
    private readonly string key;
    private readonly Sample sample;
    private readonly int maxElements;

    private SamplePreview(string path, string key, Sample sample, int maxElements)
    {
        this.path = path;
        this.key = key;
        this.sample = sample;
        this.maxElements = maxElements;
    }

    public static SamplePreview Read(Repository repository, SampleParams request)
    {
        if (request.MaxElements < 1)
            throw new InvalidInputException(ErrorCode.InvalidArgument, "maxElements must be at least 1.");
        ColumnReader column = request.Rev is null ? StagedView.Open(repository).Column(request.Path) : repository.Checkout(request.Rev).Column(request.Path);
        // Nested columns address a sample as KEY/SUBKEY, as the CLI does.
        int slash = request.Key.IndexOf('/', StringComparison.Ordinal);
        var sample = slash < 0
            ? column.Get(SampleKey.Parse(request.Key))
            : column.Nested(SampleKey.Parse(request.Key[..slash])).Get(SampleKey.Parse(request.Key[(slash + 1)..]));
        return new SamplePreview(column.Path, request.Key, sample, request.MaxElements);
    }

    public void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("path", this.path);
        w.WriteString("key", this.key);
        w.WriteString("kind", this.sample.Kind.Name());
        if (this.sample.Kind == ColumnKind.Str)
            this.WriteText(w);
        else
            this.WriteNumbers(w, this.sample.DType ?? DType.UInt8, this.sample.Kind == ColumnKind.NDArray ? [.. this.sample.Shape] : [this.sample.Bytes.Length]);
        w.WriteEndObject();
    }

    private void WriteText(Utf8JsonWriter w)
    {
        string text = this.sample.AsString();
        w.WriteNull("dtype");
        w.WriteStartArray("shape");
        w.WriteEndArray();
        w.WriteNull("stats");
        w.WriteStartArray("valuesShape");
        w.WriteEndArray();
        w.WriteString("values", text.Length > this.maxElements ? text[..this.maxElements] : text);
        w.WriteBoolean("downsampled", text.Length > this.maxElements);
    }

    private void WriteNumbers(Utf8JsonWriter w, DType dtype, int[] shape)
    {
        var bytes = this.sample.Bytes.Span;
        w.WriteString("dtype", this.sample.DType?.Name());
        WriteShape(w, "shape", shape);
        w.WritePropertyName("stats");
        if (SampleStatistics.Of(dtype, bytes) is { } stats)
        {
            w.WriteStartObject();
            WriteNumber(w, "min", stats.Min);
            WriteNumber(w, "max", stats.Max);
            WriteNumber(w, "mean", stats.Mean);
            w.WriteNumber("nanCount", stats.NanCount);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNullValue();
        }
        int stride = Stride(shape, this.maxElements);
        int[] kept = shape.Select(d => (d + stride - 1) / stride).ToArray();
        WriteShape(w, "valuesShape", kept);
        w.WritePropertyName("values");
        WriteStrided(w, dtype, bytes, shape, stride, 0, 0);
        w.WriteBoolean("downsampled", stride > 1);
    }

    /// <summary>The smallest per-axis stride that keeps at most <paramref name="max"/> elements.</summary>
    internal static int Stride(int[] shape, int max)
    {
        static long Kept(int[] shape, int stride) => shape.Aggregate(1L, (n, d) => n * ((d + stride - 1) / stride));
        int low = 1, high = Math.Max(1, shape.DefaultIfEmpty(1).Max());
        while (low < high)
        {
            int mid = low + (high - low) / 2;
            if (Kept(shape, mid) <= max)
                high = mid;
            else
                low = mid + 1;
        }
        return low;
    }

    private static void WriteStrided(Utf8JsonWriter w, DType dtype, ReadOnlySpan<byte> bytes, int[] shape, int stride, int axis, long offset)
    {
        if (axis == shape.Length)
        {
            SampleElements.WriteJson(w, dtype, bytes, offset);
            return;
        }
        long inner = 1;
        for (int a = axis + 1; a < shape.Length; a++)
            inner *= shape[a];
        w.WriteStartArray();
        for (int i = 0; i < shape[axis]; i += stride)
            WriteStrided(w, dtype, bytes, shape, stride, axis + 1, offset + i * inner);
        w.WriteEndArray();
    }

    private static void WriteShape(Utf8JsonWriter w, string name, int[] shape)
    {
        w.WriteStartArray(name);
        foreach (int d in shape)
            w.WriteNumberValue(d);
        w.WriteEndArray();
    }

    /// <summary>NaN and infinities as strings, as the CLI's sample JSON writes them.</summary>
    private static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
            w.WriteNumber(name, value);
        else
            w.WriteString(name, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
