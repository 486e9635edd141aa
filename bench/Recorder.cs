using System.Diagnostics;

namespace Tessera.Bench;

/// <summary>Times phases and collects their results.</summary>
internal sealed class Recorder(string workload)
{
    public List<PhaseResult> Results { get; } = [];

    public T Time<T>(string phase, long bytes, long samples, Func<T> work)
    {
        var sw = Stopwatch.StartNew();
        var result = work();
        sw.Stop();
        this.Results.Add(new PhaseResult(workload, phase, sw.Elapsed.TotalSeconds, bytes, samples));
        return result;
    }

    public void Time(string phase, long bytes, long samples, Action work) => this.Time(phase, bytes, samples, () =>
    {
        work();
        return 0;
    });

    /// <summary>
    /// Records the CPU time of every thread of the process while <paramref name="work"/> runs, as the
    /// phase's seconds. The garbage of earlier phases is collected before the clock starts; the
    /// work's own is collected before it stops, so each side pays for what it allocated.
    /// </summary>
    public void Cpu(string phase, long bytes, long samples, Action work)
    {
        Settle();
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        work();
        Settle();
        process.Refresh();
        this.Results.Add(new PhaseResult(workload, phase, (process.TotalProcessorTime - before).TotalSeconds, bytes, samples));
    }

    /// <summary>
    /// Collects the garbage of what ran before, so that a phase timed next pays only for its own (a
    /// full collection the set-up's garbage provokes would otherwise land in whatever phase runs then).
    /// </summary>
    public static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    public void Record(string phase, long bytes, long samples) => this.Results.Add(new PhaseResult(workload, phase, 0, bytes, samples));

    /// <summary>Throws when a workload's own check fails: a benchmark of wrong results is worthless.</summary>
    public static void Check(bool condition, string what)
    {
        if (!condition)
            throw new InvalidOperationException("Benchmark check failed: " + what);
    }
}
