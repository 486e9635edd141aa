using System.Text;

namespace Tessera.Tool.Samples;

/// <summary>
/// Shows a sample as text the way numpy prints arrays: nested brackets, aligned columns, and
/// large arrays summarized with "..." (numpy's threshold of 1000 elements, 3 items per edge).
/// </summary>
internal static class SampleText
{
    private const int Threshold = 1000;
    private const int EdgeItems = 3;

    public static string Format(Sample sample) => sample.Kind switch
    {
        ColumnKind.Str => sample.AsString(),
        ColumnKind.Bytes => $"{sample.Bytes.Length} bytes: {Convert.ToHexStringLower(sample.Bytes.Span)}",
        _ => FormatArray(sample),
    };

    private static string FormatArray(Sample sample)
    {
        var dtype = sample.DType!.Value;
        var shape = sample.Shape;
        bool summarize = sample.ElementCount > Threshold;
        var bytes = sample.Bytes;
        var strides = new long[shape.Count];
        for (int axis = shape.Count - 1, stride = 1; axis >= 0; stride *= shape[axis], axis--)
            strides[axis] = stride;
        var shown = new List<(long Index, string Text)>();
        Collect(shape, strides, 0, 0, summarize, shown, i => SampleElements.Format(dtype, bytes.Span, i));
        int width = shown.Select(s => s.Text.Length).DefaultIfEmpty(1).Max();
        var text = new Dictionary<long, string>(shown.Select(s => KeyValuePair.Create(s.Index, s.Text)));
        var sb = new StringBuilder();
        sb.Append(dtype.Name()).Append(' ').Append(ColumnSchema.FormatShape(shape)).Append('\n');
        Render(sb, shape, strides, 0, 0, summarize, i => text[i].PadLeft(width));
        return sb.ToString();
    }

    private static IEnumerable<int> Indices(int length, bool summarize) =>
        summarize && length > 2 * EdgeItems
            ? Enumerable.Range(0, EdgeItems).Append(-1).Concat(Enumerable.Range(length - EdgeItems, EdgeItems))
            : Enumerable.Range(0, length);

    private static void Collect(IReadOnlyList<int> shape, long[] strides, int axis, long offset, bool summarize, List<(long, string)> shown, Func<long, string> format)
    {
        if (axis == shape.Count)
        {
            shown.Add((offset, format(offset)));
            return;
        }
        foreach (int i in Indices(shape[axis], summarize).Where(i => i >= 0))
            Collect(shape, strides, axis + 1, offset + (i * strides[axis]), summarize, shown, format);
    }

    private static void Render(StringBuilder sb, IReadOnlyList<int> shape, long[] strides, int axis, long offset, bool summarize, Func<long, string> element)
    {
        if (axis == shape.Count)
        {
            sb.Append(element(offset));
            return;
        }
        sb.Append('[');
        bool first = true;
        foreach (int i in Indices(shape[axis], summarize))
        {
            if (!first)
                sb.Append(axis == shape.Count - 1 ? " " : "\n" + new string(' ', axis + 1));
            first = false;
            if (i < 0)
                sb.Append("...");
            else
                Render(sb, shape, strides, axis + 1, offset + (i * strides[axis]), summarize, element);
        }
        sb.Append(']');
    }
}
