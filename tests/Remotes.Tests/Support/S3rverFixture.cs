namespace Tessera.Remotes.Tests.Support;

/// <summary>s3rver (npm, installed in tests/oracles by ./test.sh): fast, but it ignores conditional writes.</summary>
public sealed class S3rverFixture : S3ServerFixture
{
    public S3rverFixture() => this.Start(LocalS3Server.StartS3rver);
}
