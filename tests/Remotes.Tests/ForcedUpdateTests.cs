using Tessera.Remotes.Tests.Support;

namespace Tessera.Remotes.Tests;

/// <summary><c>push --force</c> over HTTP: the server moves a branch backwards or sideways only for a token of scope force.</summary>
public class ForcedUpdateTests(ForceServerFixture server) : IClassFixture<ForceServerFixture>
{
    [Fact]
    public void Push_force_needs_a_token_of_scope_force()
    {
        using var dir = new TempDir();
        var url = server.Serve("forced", withData: true);
        using var alice = Repository.Clone(url, dir.Sub("alice"), new CloneOptions { Remote = server.Writer });
        using var bob = Repository.Clone(url, dir.Sub("bob"), new CloneOptions { Remote = server.Writer });
        var theirs = Datasets.CommitLabel(alice, 1, 100);
        alice.Remotes.Push();
        var mine = Datasets.CommitLabel(bob, 2, 200);
        bob.Remotes.Add("forcing", url, server.Forcer);

        var denied = Assert.Throws<TesseraException>(() => bob.Remotes.Push(new PushOptions { Force = true }));
        Assert.Equal(ErrorCode.AccessDenied, denied.Code);
        Assert.Contains("scope 'force'", denied.Message);
        Assert.Equal(theirs.Id, Tip(url));

        var forced = bob.Remotes.Push(new PushOptions { Remote = "forcing", Force = true });
        Assert.Equal((theirs.Id, mine.Id), (forced.OldTip, forced.NewTip));
        Assert.Equal(mine.Id, Tip(url));
    }

    private static ObjectId Tip(string url)
    {
        using var store = new HttpRemoteStore(url, ServerFixture.ReadToken);
        return store.Branches()["main"];
    }
}
