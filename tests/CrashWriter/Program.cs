using Tessera;

// usage: CrashWriter commit-loop DIR | reset-loop DIR | hold-lock DIR
// commit-loop: stages 20,000 new samples and commits, forever, printing each commit id once it is durable.
// reset-loop: as commit-loop, then moves the branch back with a soft reset (restaging the 20,000)
// and forward again with a hard reset, forever.
// hold-lock: takes the writer lock, prints "locked" and waits to be killed.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: CrashWriter commit-loop|reset-loop|hold-lock DIR");
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
var rng = new Random(Environment.ProcessId);
var sample = new byte[784];
for (int round = 0; ; round++)
{
    using var w = repo.OpenWriter();
    var column = w.Column("/images");
    int start = rng.Next(1_000_000);
    for (int i = 0; i < 20_000; i++)
    {
        rng.NextBytes(sample);
        column.Add<byte>(start + i, sample);
    }
    w.Flush();
    Console.WriteLine("staged");
    var commit = w.Commit($"round {round}");
    Console.WriteLine("committed " + commit.Id);
    if (args[0] != "reset-loop")
        continue;
    w.ResetTo("HEAD~1", ResetMode.Soft, force: true);
    Console.WriteLine("soft");
    w.ResetTo(commit.Id.ToString(), ResetMode.Hard, force: true);
    Console.WriteLine("hard");
}
