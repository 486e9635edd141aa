using Tessera.Storage;
using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>The blob index and the database are locked in one order by readers and by transactions that add batches.</summary>
public class BlobIndexLockTests
{
    [Fact]
    public async Task Lookups_of_missing_blobs_racing_transactions_that_add_batches_never_deadlock()
    {
        using var t = new TempRepo();
        var repo = t.Repo;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            for (int i = 0; i < 100 && !stop.IsCancellationRequested; i++)
            {
                var id = ObjectId.Hash(BitConverter.GetBytes(i));
                repo.Db.InTransaction(() =>
                {
                    // Holding the database's gate, as every transaction does, while the index takes its own lock.
                    Thread.Sleep(1);
                    repo.Index.AddBatch(1, [(id, new BlobLocation(1, i * 64L, 64, Codec.None, 0))]);
                });
            }
        });
        var readers = Enumerable.Range(0, 4).Select(r => Task.Run(() =>
        {
            while (!writer.IsCompleted)
                repo.Index.TryGet(ObjectId.Hash(BitConverter.GetBytes(-1 - r)), out _);
        })).ToArray();

        var all = Task.WhenAll([writer, .. readers]);
        bool finished = await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(60))) == all;
        stop.Cancel();
        Assert.True(finished, "a lookup and a transaction adding a batch deadlocked");
        Assert.True(repo.Index.TryGet(ObjectId.Hash(BitConverter.GetBytes(99)), out _));
    }
}
