using Tessera.Remotes.Tests.Support;

namespace Tessera.Remotes.Tests;

/// <summary>
/// The s3:// remote against Ceph RGW: every test of <see cref="S3RemoteTests"/>, and the race
/// that only storage enforcing conditional writes can decide (s3rver ignores them).
/// </summary>
public sealed class RgwRemoteTests(RgwFixture s3) : S3RemoteTests(s3), IClassFixture<RgwFixture>, IRunsOnRgw
{
    [S3Fact]
    public void Of_concurrent_moves_of_one_branch_exactly_one_wins()
    {
        using var dir = new TempDir();
        using var repo = this.Pushed(dir, "race");
        var targets = Enumerable.Range(0, 8).Select(i => Datasets.CommitLabel(repo, i, 1000 + i).Id).ToList();
        repo.Remotes.Push();
        using var reader = RemoteStores.Open(s3.Url("race"), s3.Options);

        for (int round = 0; round < 3; round++)
        {
            var before = reader.Branches()["main"];
            // Moving to the tip it already has writes the same bytes and ETag, which is no race.
            var moves = targets.Where(t => t != before).ToList();
            var stores = moves.Select(_ => RemoteStores.Open(s3.Url("race"), s3.Options)).ToList();
            using var go = new Barrier(moves.Count);
            var outcomes = moves.Select((target, i) => Task.Run(() =>
            {
                go.SignalAndWait();
                try
                {
                    stores[i].UpdateBranch("main", before, target, force: true);
                    return true;
                }
                catch (StateException ex) when (ex.Code == ErrorCode.ConcurrentUpdate)
                {
                    return false;
                }
            })).ToArray();
            Task.WaitAll(outcomes);
            stores.ForEach(s => s.Dispose());

            Assert.Equal(1, outcomes.Count(o => o.Result));
            Assert.Equal(moves[Array.FindIndex(outcomes, o => o.Result)], reader.Branches()["main"]);
        }
    }
}
