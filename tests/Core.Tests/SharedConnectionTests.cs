using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>
/// One repository object serves many threads (the server's requests, a remote's gc beside its
/// pushes) over one SQLite connection: every statement runs under the database's gate, so none
/// of them corrupts the connection's bookkeeping of its commands.
/// </summary>
public class SharedConnectionTests
{
    [Fact]
    public void Statements_from_many_threads_at_once_all_run()
    {
        using var t = new TempRepo();
        t.Seed(3);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var threads = Enumerable.Range(0, 4).Select(i => new Thread(() =>
        {
            try
            {
                for (int n = 0; n < 5_000; n++)
                {
                    Assert.Equal("main", t.Repo.HeadBranch);
                    if (i == 0 && n % 500 == 0)
                        t.Repo.Db.Execute("PRAGMA wal_checkpoint(PASSIVE)");
                }
            }
            catch (Exception ex)
            {
                errors.Enqueue(ex);
            }
        })).ToList();
        threads.ForEach(th => th.Start());
        threads.ForEach(th => th.Join());
        Assert.Empty(errors);
    }
}
