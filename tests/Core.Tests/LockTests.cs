using Tessera.Tests.Support;

namespace Tessera.Tests;

public class LockTests
{
    [Fact]
    public void A_second_writer_is_refused_and_nothing_changes()
    {
        using var t = new TempRepo();
        t.Seed(3);
        using var first = t.Repo.OpenWriter();
        first.Column("/labels").Add<long>(0, [9]);
        using var other = Repository.Open(t.Dir);
        var ex = Assert.Throws<LockedException>(() => other.OpenWriter());
        Assert.Equal(ErrorCode.WriterLockHeld, ex.Code);
        Assert.Equal(Environment.ProcessId, ex.Holder.ProcessId);
        Assert.False(ex.Holder.IsStale);
        Assert.Equal(ErrorCode.WriterLockHeld, Assert.Throws<LockedException>(() => other.ReleaseLock(force: false)).Code);
        Assert.NotNull(other.LockStatus());
    }

    [Fact]
    public void A_live_lock_in_another_process_holds_until_forced()
    {
        using var t = new TempRepo();
        t.Seed(3);
        using var child = new ChildProcess("hold-lock", t.Dir);
        child.WaitFor("locked", TimeSpan.FromSeconds(60));
        var status = t.Repo.LockStatus()!;
        Assert.Equal(child.Id, status.ProcessId);
        Assert.False(status.IsStale);
        Assert.Throws<LockedException>(() => t.Repo.OpenWriter());
        Assert.Equal(child.Id, t.Repo.ReleaseLock(force: true)!.ProcessId);
        using var w = t.Repo.OpenWriter();
        Assert.Null(w.TakenOverLock);
    }

    [Fact]
    public void The_lock_of_a_killed_process_is_stale_and_taken_over()
    {
        using var t = new TempRepo();
        t.Seed(3);
        int pid;
        using (var child = new ChildProcess("hold-lock", t.Dir))
        {
            child.WaitFor("locked", TimeSpan.FromSeconds(60));
            pid = child.Id;
            child.Kill();
        }
        var status = t.Repo.LockStatus()!;
        Assert.Equal(pid, status.ProcessId);
        Assert.True(status.IsStale);
        using var w = t.Repo.OpenWriter();
        Assert.Equal(pid, w.TakenOverLock!.ProcessId);
    }
}
