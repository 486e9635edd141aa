using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Amazon.Runtime;
using Amazon.S3;
using Tessera.Server.ObjectStorage;

namespace Tessera.Remotes.Tests.Support;

/// <summary>
/// s3rver (npm, installed in tests/oracles by ./test.sh) on 127.0.0.1 and a free port, with a bucket
/// <c>tessera</c>; s3:// remotes point at it through <see cref="Options"/>.
/// </summary>
public sealed class S3rverFixture : IDisposable
{
    public const string Bucket = "tessera";
    private readonly TempDir dir = new();
    private readonly Process server;

    public S3rverFixture()
    {
        var root = typeof(S3rverFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepositoryRoot").Value!;
        var script = Path.Combine(root, "tests", "oracles", "node_modules", "s3rver", "bin", "s3rver.js");
        Assert.True(File.Exists(script), $"{script} is missing: run 'npm install' in tests/oracles (./test.sh does).");
        int port = FreePort();
        this.Endpoint = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { script, "-d", this.dir.Path, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent" })
            start.ArgumentList.Add(arg);
        this.server = Process.Start(start)!;
        WaitForPort(port);
        // s3rver checks signatures against this fixed key pair.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "S3RVER");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "S3RVER");
        ObjectStorageRemotes.Register();
        this.Client = new AmazonS3Client(new BasicAWSCredentials("S3RVER", "S3RVER"), new AmazonS3Config
        {
            ServiceURL = this.Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
        this.Client.PutBucketAsync(Bucket).GetAwaiter().GetResult();
    }

    public string Endpoint { get; }

    public AmazonS3Client Client { get; }

    public RemoteOptions Options => new() { Endpoint = this.Endpoint };

    public string Url(string prefix) => $"s3://{Bucket}/{prefix}";

    public void Dispose()
    {
        this.Client.Dispose();
        this.server.Kill(entireProcessTree: true);
        this.server.WaitForExit();
        this.server.Dispose();
        this.dir.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void WaitForPort(int port)
    {
        for (int i = 0; i < 200; i++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }
        throw new TimeoutException($"s3rver did not listen on port {port} within 20 s.");
    }
}
