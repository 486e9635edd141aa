using System.Reflection;
using Amazon.S3;

namespace Tessera.Remotes.Tests.Support;

/// <summary>One S3 server for a test class, with the bucket <c>tessera</c>; s3:// remotes reach it through <see cref="Options"/>.</summary>
public abstract class S3ServerFixture : IDisposable
{
    public const string Bucket = "tessera";

    private LocalS3Server? server;

    public LocalS3Server Server => this.server ?? throw new InvalidOperationException("The server was not started.");

    public AmazonS3Client Client => this.Server.Client;

    public RemoteOptions Options => new() { Endpoint = this.Server.Endpoint };

    public static string RepositoryRoot { get; } =
        typeof(S3ServerFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepositoryRoot").Value!;

    public string Url(string prefix) => $"s3://{Bucket}/{prefix}";

    public void Dispose()
    {
        this.server?.Dispose();
        GC.SuppressFinalize(this);
    }

    protected void Start(Func<string, LocalS3Server> start)
    {
        this.server = start(RepositoryRoot);
        LocalS3Server.UseKeyPair();
        this.server.CreateBucket(Bucket);
    }
}
