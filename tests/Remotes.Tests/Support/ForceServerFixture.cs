namespace Tessera.Remotes.Tests.Support;

/// <summary>A server whose token file also holds a token of scope <c>force</c>.</summary>
public sealed class ForceServerFixture() : ServerFixture($"{ForceToken} force\n")
{
    public const string ForceToken = "force-token-0123456789";

    public RemoteOptions Forcer => this.With(ForceToken);
}
