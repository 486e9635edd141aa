using Tessera;

// usage: CrashWriter MODE DIR [REMOTE]
// commit-loop: stages 20,000 new samples and commits, forever, printing each commit id once it is durable.
// reset-loop: as commit-loop, then moves the branch back with a soft reset (restaging the 20,000)
// and forward again with a hard reset, forever.
// purge-loop: as commit-loop, then purges 500 keys of that commit from all history and collects
// garbage without the ref log's grace, forever.
// expire-loop: as commit-loop twice, then expires every commit older than the newest and collects
// garbage without the ref log's grace, forever.
// remote-gc-loop DIR REMOTE: commits on a side branch, pushes it to the folder REMOTE, deletes it
// there and runs remote gc with no grace period, forever.
// hold-lock: takes the writer lock, prints "locked" and waits to be killed.
if (args.Length is not (2 or 3))
{
    Console.Error.WriteLine("usage: CrashWriter commit-loop|reset-loop|purge-loop|expire-loop|remote-gc-loop|hold-lock DIR [REMOTE]");
    return 2;
}
using var repo = Repository.Open(args[1]);
if (args[0] == "hold-lock")
{
    using var holder = repo.OpenWriter();
    Console.WriteLine("locked");
    Thread.Sleep(Timeout.Infinite);
    return 0;
}
if (args[0] == "remote-gc-loop")
{
    if (repo.Remotes["origin"] is null)
        repo.Remotes.Add("origin", args[2]);
    repo.Remotes.Push();
}
var rng = new Random(Environment.ProcessId);
var sample = new byte[784];
for (int round = 0; ; round++)
{
    string side = $"side-{Environment.ProcessId}-{round}";
    if (args[0] == "remote-gc-loop")
    {
        repo.Branches.Create(side);
        // A process killed while staging its round left those changes staged: they are dropped.
        using var w = repo.OpenWriter(new WriterOptions { DiscardStaging = true });
        w.SwitchBranch(side);
    }
    int start = rng.Next(1_000_000);
    Commit commit;
    using (var w = repo.OpenWriter())
    {
        var column = w.Column("/images");
        for (int i = 0; i < 20_000; i++)
        {
            rng.NextBytes(sample);
            column.Add<byte>(start + i, sample);
        }
        w.Flush();
        Console.WriteLine("staged");
        commit = w.Commit($"round {round}");
        Console.WriteLine("committed " + commit.Id);
        switch (args[0])
        {
            case "reset-loop":
                w.ResetTo("HEAD~1", ResetMode.Soft, force: true);
                Console.WriteLine("soft");
                w.ResetTo(commit.Id.ToString(), ResetMode.Hard, force: true);
                Console.WriteLine("hard");
                break;
            case "purge-loop":
                var purged = w.Purge("/images", Enumerable.Range(start, 500).Select(k => (SampleKey)k).ToList(), new PurgeOptions { AllHistory = true });
                Console.WriteLine("purged " + purged.Commits.Single(c => c.Old == commit.Id).New);
                break;
            case "expire-loop":
                w.Column("/images").Add<byte>(start, new byte[784]);
                var newest = w.Commit($"round {round}, second");
                Console.WriteLine("committed " + newest.Id);
                w.Expire(newest.Author.When);
                Console.WriteLine("expired");
                break;
            case "remote-gc-loop":
                w.SwitchBranch("main");
                break;
        }
    }
    if (args[0] == "remote-gc-loop")
    {
        repo.Remotes.Push(new PushOptions { Branch = side });
        Console.WriteLine("pushed " + commit.Id);
        repo.Remotes.PushDelete([side]);
        repo.Branches.Delete(side, force: true);
        repo.Remotes.CollectGarbage(new RemoteGcOptions { GracePeriod = TimeSpan.Zero });
        Console.WriteLine("collected");
    }
    else if (args[0] is "purge-loop" or "expire-loop")
    {
        repo.CollectGarbage(dryRun: false, keepRefLogCommits: false);
        Console.WriteLine("collected");
    }
}
