using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Tessera.Remotes.Tests.Support;

namespace Tessera.Remotes.Tests;

/// <summary><c>dotnet tensor serve</c> as a process, and the remote commands against it.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TempDir dir = new();
    private readonly Process server;
    private readonly string url;

    public CommandLineTests()
    {
        var root = this.dir.Sub("served");
        Directory.CreateDirectory(root);
        Datasets.Create(Path.Combine(root, "data")).Dispose();
        File.WriteAllText(this.dir.Sub("tokens"), "cli-write-token-0123456789 write\n");
        File.WriteAllText(this.dir.Sub("token"), "cli-write-token-0123456789");
        int port = FreePort();
        this.url = $"http://127.0.0.1:{port}";
        this.server = Process.Start(ToolProcess.StartInfo(this.dir.Path, "serve", "--root", root, "--urls", this.url, "--token-file", this.dir.Sub("tokens")))!;
        // The server says where it listens once Kestrel is up.
        var line = this.server.StandardError.ReadLine();
        Assert.True(line?.StartsWith("Serving", StringComparison.Ordinal), $"serve printed: {line}");
    }

    [Fact]
    public void Clone_push_pull_and_fetch_data_from_the_command_line()
    {
        var (exit, output, error) = ToolProcess.Run(this.dir.Path, "clone", $"{this.url}/data", "full", "--token-file", "token");
        Assert.True(exit == 0, error);
        Assert.Contains("Cloned into", output);
        (exit, output, error) = ToolProcess.Run(this.dir.Path, "clone", $"{this.url}/data", "lite", "--no-data", "--token-file", "token");
        Assert.True(exit == 0, error);

        (exit, _, error) = ToolProcess.Run(this.dir.Sub("lite"), "get", "/images", "7");
        Assert.Equal(ErrorCode.MissingObject.ExitCode(), exit);
        Assert.Contains("dotnet tensor fetch-data", error);
        (exit, output, error) = ToolProcess.Run(this.dir.Sub("lite"), "--json", "fetch-data", "--path", "/images", "--keys", "7");
        Assert.True(exit == 0, error);
        Assert.Contains("\"samples\":1", output.Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(0, ToolProcess.Run(this.dir.Sub("lite"), "get", "/images", "7").Exit);
        (exit, _, error) = ToolProcess.Run(this.dir.Sub("lite"), "get", "/images", "8", "--auto-fetch");
        Assert.True(exit == 0, error);

        Assert.Equal(0, ToolProcess.Run(this.dir.Sub("full"), "put", "/labels", "900", "--npy", Npy.Label(this.dir.Sub("label.npy"), 12_345)).Exit);
        Assert.Equal(0, ToolProcess.Run(this.dir.Sub("full"), "commit", "-m", "label 900").Exit);
        (exit, output, error) = ToolProcess.Run(this.dir.Sub("full"), "push");
        Assert.True(exit == 0, error);
        Assert.Contains("Pushed main to origin", output);

        (exit, output, error) = ToolProcess.Run(this.dir.Sub("lite"), "pull");
        Assert.True(exit == 0, error);
        Assert.Contains("Fast-forward", output);
        (exit, output, _) = ToolProcess.Run(this.dir.Sub("lite"), "log", "--oneline", "origin/main");
        Assert.Equal(0, exit);
        Assert.Contains("label 900", output);
        (exit, output, _) = ToolProcess.Run(this.dir.Sub("lite"), "remote", "list");
        Assert.Contains($"origin\t{this.url}/data\t(no data)", output);
    }

    [Fact]
    public void Serve_refuses_other_addresses_without_tokens()
    {
        var (exit, _, error) = ToolProcess.Run(this.dir.Path, "serve", "--root", this.dir.Path, "--urls", "http://0.0.0.0:1");
        Assert.Equal(ErrorCode.InvalidArgument.ExitCode(), exit);
        Assert.Contains("--token-file", error);
    }

    public void Dispose()
    {
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
}
