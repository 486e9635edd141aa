namespace Tessera.Remotes.Tests.Support;

/// <summary>
/// Ceph's radosgw on a throwaway one-node cluster (rgw-mini.sh; ./test.sh installs the Debian
/// packages). When it cannot start, every test using it fails; only TESSERA_SKIP_RGW=1 skips them.
/// </summary>
public sealed class RgwFixture : S3ServerFixture
{
    public RgwFixture()
    {
        if (!Skipped)
            this.Start(LocalS3Server.StartRgw);
    }

    public static bool Skipped => Environment.GetEnvironmentVariable("TESSERA_SKIP_RGW") == "1";
}
