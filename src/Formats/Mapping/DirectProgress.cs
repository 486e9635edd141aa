namespace Tessera.Formats.Mapping;

/// <summary>Reports straight through on the calling thread (unlike <see cref="Progress{T}"/>, which posts to a context).</summary>
internal sealed class DirectProgress(Action<double> report) : IProgress<double>
{
    public void Report(double value) => report(value);

    /// <summary>Maps 0..1 of a part onto [<paramref name="start"/>, <paramref name="start"/> + <paramref name="share"/>] of the whole.</summary>
    public static IProgress<double>? Part(IProgress<double>? whole, double start, double share) =>
        whole is null ? null : new DirectProgress(p => whole.Report(start + (p * share)));
}
