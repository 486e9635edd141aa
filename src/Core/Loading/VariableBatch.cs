using System.Numerics.Tensors;

namespace Tessera;

/// <summary>
/// Samples of their own shapes read in one call: the elements of all of them back to back in
/// <see cref="Values"/>, sample <c>i</c> from <see cref="Offsets"/>[i] with shape <see cref="Shapes"/>[i].
/// </summary>
public sealed class VariableBatch<T> where T : unmanaged
{
    internal VariableBatch(T[] values, long[] offsets, int[][] shapes, IReadOnlyList<int> maxShape)
    {
        this.Values = values;
        this.Offsets = offsets;
        this.Shapes = shapes;
        this.MaxShape = maxShape;
    }

    public T[] Values { get; }

    /// <summary>Where each sample's elements start in <see cref="Values"/> (one more entry: the end).</summary>
    public long[] Offsets { get; }

    public int[][] Shapes { get; }

    /// <summary>The column's max shape: what <see cref="Padded"/> pads every sample to.</summary>
    public IReadOnlyList<int> MaxShape { get; }

    public int Count => this.Shapes.Length;

    /// <summary>Sample <paramref name="index"/>'s elements (C order).</summary>
    public ReadOnlyMemory<T> Sample(int index) =>
        this.Values.AsMemory((int)this.Offsets[index], (int)(this.Offsets[index + 1] - this.Offsets[index]));

    /// <summary>
    /// All samples in one <c>[n, ...MaxShape]</c> tensor: each sample in the leading corner of its
    /// slot, the rest <paramref name="fill"/>.
    /// </summary>
    public Tensor<T> Padded(T fill)
    {
        long slot = this.MaxShape.Aggregate(1L, (a, d) => a * d);
        var padded = new T[checked(this.Count * slot)];
        padded.AsSpan().Fill(fill);
        for (int i = 0; i < this.Count; i++)
            PadInto(this.Sample(i).Span, this.Shapes[i], padded.AsSpan((int)(i * slot), (int)slot), this.MaxShape);
        nint[] lengths = [this.Count, .. this.MaxShape.Select(d => (nint)d)];
        return Tensor.Create(padded, lengths);
    }

    /// <summary>Copies a C-order block of <paramref name="shape"/> into the leading corner of a block of <paramref name="max"/>.</summary>
    private static void PadInto(ReadOnlySpan<T> source, int[] shape, Span<T> target, IReadOnlyList<int> max)
    {
        if (shape.Length == 0)
        {
            source.CopyTo(target);
            return;
        }
        int rows = shape[0];
        long innerSource = source.Length / Math.Max(rows, 1), innerTarget = target.Length / max[0];
        var innerShape = shape[1..];
        var innerMax = max.Skip(1).ToArray();
        for (int r = 0; r < rows; r++)
            PadInto(source.Slice((int)(r * innerSource), (int)innerSource), innerShape, target.Slice((int)(r * innerTarget), (int)innerTarget), innerMax);
    }
}
