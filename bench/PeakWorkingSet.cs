using System.Diagnostics;

namespace Tessera.Bench;

/// <summary>Samples the process's working set every 5 ms while it is alive; <see cref="Peak"/> is the highest seen.</summary>
internal sealed class PeakWorkingSet : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampler;
    private long peak;

    public PeakWorkingSet()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        this.Start = Environment.WorkingSet;
        // A thread of its own: a pool thread held for the whole measurement would be one fewer for the
        // parallel loops measured, which then wait for the pool to grow (seconds, with two cores).
        this.sampler = Task.Factory.StartNew(() =>
        {
            using var process = Process.GetCurrentProcess();
            while (!this.stop.IsCancellationRequested)
            {
                process.Refresh();
                this.peak = Math.Max(this.peak, process.WorkingSet64);
                Thread.Sleep(5);
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The working set when sampling began, after a full collection.</summary>
    public long Start { get; }

    /// <summary>Stops sampling (once) and returns the highest working set sampled.</summary>
    public long Stop()
    {
        if (!this.stop.IsCancellationRequested)
        {
            this.stop.Cancel();
            this.sampler.Wait();
        }
        return this.peak;
    }

    public void Dispose()
    {
        this.Stop();
        this.stop.Dispose();
    }
}
