using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;

namespace Tessera.Remotes.Tests.Support;

/// <summary>
/// An S3 server on 127.0.0.1 for the tests and the benchmark (which compiles this file too):
/// s3rver (npm, in tests/oracles) or a throwaway Ceph cluster with radosgw (rgw-mini.sh). Both
/// take the key pair S3RVER / S3RVER.
/// </summary>
public sealed class LocalS3Server : IDisposable
{
    public const string AccessKey = "S3RVER";
    private readonly Action stop;
    private readonly string dir;

    private LocalS3Server(string name, string endpoint, bool conditionalWrites, string dir, Action stop)
    {
        this.Name = name;
        this.Endpoint = endpoint;
        this.HonoursConditionalWrites = conditionalWrites;
        this.dir = dir;
        this.stop = stop;
        this.Client = new AmazonS3Client(new BasicAWSCredentials(AccessKey, AccessKey), new AmazonS3Config
        {
            ServiceURL = endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
    }

    public string Name { get; }

    public string Endpoint { get; }

    /// <summary>Whether <c>If-Match</c> / <c>If-None-Match</c> on PutObject are enforced (RGW) or ignored (s3rver).</summary>
    public bool HonoursConditionalWrites { get; }

    public AmazonS3Client Client { get; }

    /// <summary>Sets the AWS key variables the s3:// remotes read to this server's key pair.</summary>
    public static void UseKeyPair()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", AccessKey);
    }

    public static LocalS3Server StartS3rver(string repositoryRoot)
    {
        var script = Path.Combine(repositoryRoot, "tests", "oracles", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
            throw new InvalidOperationException($"{script} is missing: run 'npm install' in tests/oracles (./test.sh does).");
        var dir = NewDirectory("s3rver");
        int port = FreePort();
        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { script, "-d", dir, "-a", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "--silent" })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        WaitForPort(port, "s3rver");
        return new LocalS3Server("s3rver", $"http://127.0.0.1:{port}", conditionalWrites: false, dir, () =>
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
        });
    }

    /// <summary>
    /// Starts mon, OSD and radosgw (about 10 s); throws with the script's output when they do not come
    /// up twice. The ports are found free and bound later by the daemons, so a connection made meanwhile
    /// by a test running beside it can take one; one CI run's cluster failed at its first command
    /// ("EPERM: problem getting command descriptions from mon") and started at once when run again.
    /// A second start takes new ports.
    /// </summary>
    public static LocalS3Server StartRgw(string repositoryRoot)
    {
        var script = Path.Combine(repositoryRoot, "tests", "Remotes.Tests", "Support", "rgw-mini.sh");
        for (int attempt = 1; ; attempt++)
        {
            var dir = NewDirectory("rgw");
            int port = FreePort();
            int monPort = FreePort();
            var (exit, output) = RunScript(script, "start", dir, port.ToString(CultureInfo.InvariantCulture), monPort.ToString(CultureInfo.InvariantCulture));
            if (exit == 0)
                return new LocalS3Server("rgw", $"http://127.0.0.1:{port}", conditionalWrites: true, dir, () => RunScript(script, "stop", dir));
            RunScript(script, "stop", dir);
            if (attempt == 2)
                throw new InvalidOperationException($"Ceph RGW did not start (rgw-mini.sh exited {exit}); set TESSERA_SKIP_RGW=1 to run without it.\n{output}");
        }
    }

    public void CreateBucket(string name) => this.Client.PutBucketAsync(name).GetAwaiter().GetResult();

    public void Dispose()
    {
        this.Client.Dispose();
        this.stop();
        try
        {
            Directory.Delete(this.dir, recursive: true);
        }
        catch (IOException)
        {
            // A daemon still closing a log file; the folder is under the temp directory.
        }
    }

    private static string NewDirectory(string kind)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"tessera-{kind}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static (int Exit, string Output) RunScript(string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "rgw-mini.sh did not finish within 3 minutes.\n" + stdout.Result + stderr.Result);
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void WaitForPort(int port, string what)
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
        throw new TimeoutException($"{what} did not listen on port {port} within 20 s.");
    }
}
