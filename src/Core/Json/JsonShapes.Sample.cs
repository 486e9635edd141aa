using System.Text.Json;

namespace Tessera;

public static partial class JsonShapes
{
    /// <summary>
    /// <c>{path, key, kind, dtype, shape, id, value}</c>: value is nested arrays for an ndarray (numbers;
    /// NaN, infinities and complex values as strings), the text of a str sample, base64 for bytes.
    /// </summary>
    public static void WriteSample(Utf8JsonWriter w, string path, string key, Sample sample)
    {
        w.WriteStartObject();
        w.WriteString("path", path);
        w.WriteString("key", key);
        w.WriteString("kind", sample.Kind.Name());
        if (sample.DType is { } dtype)
            w.WriteString("dtype", dtype.Name());
        else
            w.WriteNull("dtype");
        w.WriteStartArray("shape");
        foreach (int d in sample.Shape)
            w.WriteNumberValue(d);
        w.WriteEndArray();
        w.WriteString("id", sample.Id.ToString());
        w.WritePropertyName("value");
        switch (sample.Kind)
        {
            case ColumnKind.Str:
                w.WriteStringValue(sample.AsString());
                break;
            case ColumnKind.Bytes:
                w.WriteBase64StringValue(sample.Bytes.Span);
                break;
            default:
                long next = 0;
                WriteElements(w, sample.DType!.Value, sample.Bytes.Span, sample.Shape, 0, ref next);
                break;
        }
        w.WriteEndObject();
    }

    /// <summary><c>{path, selection, dtype, shape, count, values}</c>: an array selection, values flat in C order (as in samples).</summary>
    public static void WriteArraySelection(Utf8JsonWriter w, string path, string selection, DType dtype, IReadOnlyList<int> shape, ReadOnlySpan<byte> bytes)
    {
        long count = bytes.Length / dtype.ItemSize();
        w.WriteStartObject();
        w.WriteString("path", path);
        w.WriteString("selection", selection);
        w.WriteString("dtype", dtype.Name());
        w.WriteStartArray("shape");
        foreach (int d in shape)
            w.WriteNumberValue(d);
        w.WriteEndArray();
        w.WriteNumber("count", count);
        w.WriteStartArray("values");
        for (long i = 0; i < count; i++)
            SampleElements.WriteJson(w, dtype, bytes, i);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteElements(Utf8JsonWriter w, DType dtype, ReadOnlySpan<byte> bytes, IReadOnlyList<int> shape, int axis, ref long next)
    {
        if (axis == shape.Count)
        {
            SampleElements.WriteJson(w, dtype, bytes, next++);
            return;
        }
        w.WriteStartArray();
        for (int i = 0; i < shape[axis]; i++)
            WriteElements(w, dtype, bytes, shape, axis + 1, ref next);
        w.WriteEndArray();
    }
}
