namespace Tessera.Lsp.Server;

/// <summary>
/// Stops the server when the client process named in <c>initialize</c> is gone, as LSP asks: an
/// editor that crashes may leave the server's stdin open (held by another process).
/// </summary>
internal sealed class ParentProcessWatch : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);
    private readonly Timer timer;

    public ParentProcessWatch(int processId, Action gone)
    {
        this.timer = new Timer(_ =>
        {
            if (!LocalProcess.IsRunning(processId))
                gone();
        }, null, Interval, Interval);
    }

    public void Dispose() => this.timer.Dispose();
}
