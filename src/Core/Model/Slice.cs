using System.Globalization;

namespace Tessera;

/// <summary>
/// One dimension of a selection, as in numpy's basic indexing: a single index (the dimension is
/// dropped from the result), or <c>start:stop:step</c> with a positive step. Negative positions
/// count from the end. Unlike numpy, a selection beyond the array is an error, not clipped.
/// </summary>
public readonly record struct Slice(long? Start, long? Stop, long Step = 1, bool IsIndex = false)
{
    /// <summary>Every element of the dimension.</summary>
    public static Slice All => new(null, null);

    public static Slice Index(long i) => new(i, i + 1, 1, IsIndex: true);

    public static Slice Range(long start, long stop, long step = 1) => new(start, stop, step);

    /// <summary>Parses <c>10:20, :, ::2, 5</c> (missing trailing dimensions mean all).</summary>
    public static Slice[] Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return [];
        return text.Split(',').Select(part => ParseOne(part.Trim(), text)).ToArray();
    }

    /// <summary>Resolves against a dimension of length <paramref name="length"/>: first index, step and count.</summary>
    internal (long First, long Step, long Count) Resolve(long length, int dim)
    {
        if (this.Step <= 0)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"Dimension {dim}: the step must be positive, got {this.Step}.");
        if (this.IsIndex)
        {
            long i = this.Start!.Value < 0 ? this.Start.Value + length : this.Start.Value;
            if (i < 0 || i >= length)
                throw new InvalidInputException(ErrorCode.OutOfBounds, $"Dimension {dim}: index {this.Start} is outside 0..{length - 1}.");
            return (i, 1, 1);
        }
        long start = Normalize(this.Start ?? 0, length);
        long stop = Normalize(this.Stop ?? length, length);
        if (start < 0 || start > length || stop < 0 || stop > length)
        {
            throw new InvalidInputException(ErrorCode.OutOfBounds,
                $"Dimension {dim}: {this} reaches outside 0..{length} (the array's length is {length}).");
        }
        long count = stop <= start ? 0 : ((stop - start - 1) / this.Step) + 1;
        return (start, this.Step, count);
    }

    public override string ToString() => this.IsIndex ? $"{this.Start}"
        : $"{this.Start?.ToString(CultureInfo.InvariantCulture) ?? ""}:{this.Stop?.ToString(CultureInfo.InvariantCulture) ?? ""}{(this.Step == 1 ? "" : $":{this.Step}")}";

    private static long Normalize(long position, long length) => position < 0 ? position + length : position;

    private static Slice ParseOne(string part, string whole)
    {
        var pieces = part.Split(':');
        if (pieces.Length > 3 || pieces.Any(p => p.Length > 0 && !long.TryParse(p, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"'{whole}' is not a selection; write it like 10:20, :, ::2, 5.");
        long? Get(int i) => i < pieces.Length && pieces[i].Length > 0 ? long.Parse(pieces[i], CultureInfo.InvariantCulture) : null;
        return pieces.Length == 1 ? Index(Get(0)!.Value) : new Slice(Get(0), Get(1), Get(2) ?? 1);
    }
}
