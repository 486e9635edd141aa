using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server;

namespace Tessera.Remotes.Tests.Support;

/// <summary>A real <c>dotnet tensor serve</c> (Kestrel on 127.0.0.1, a free port) over a scratch root, with a write and a read token.</summary>
public class ServerFixture : IDisposable
{
    public const string WriteToken = "write-token-0123456789";
    public const string ReadToken = "read-token-0123456789";
    private readonly TempDir dir = new();
    private readonly WebApplication app;

    public ServerFixture()
        : this("")
    {
    }

    /// <param name="moreTokens">Further lines of the token file.</param>
    protected ServerFixture(string moreTokens)
    {
        Directory.CreateDirectory(this.Root);
        var tokens = this.dir.Sub("tokens");
        File.WriteAllText(tokens, $"# scopes\n{WriteToken} write\n{ReadToken} read\n{moreTokens}");
        File.WriteAllText(this.dir.Sub("write.token"), WriteToken);
        File.WriteAllText(this.dir.Sub("read.token"), ReadToken);
        this.app = TesseraServer.Build(new ServerOptions { Root = this.Root, Urls = ["http://127.0.0.1:0"], TokenFile = tokens });
        this.app.StartAsync().GetAwaiter().GetResult();
        this.BaseUrl = this.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public string Root => this.dir.Sub("served");

    public string BaseUrl { get; }

    public RemoteOptions Writer => new() { TokenFile = this.dir.Sub("write.token") };

    public RemoteOptions Reader => new() { TokenFile = this.dir.Sub("read.token") };

    /// <summary>Options whose token file holds <paramref name="token"/>.</summary>
    public RemoteOptions With(string token)
    {
        var file = this.dir.Sub($"{token}.token");
        File.WriteAllText(file, token);
        return new() { TokenFile = file };
    }

    /// <summary>A new repository served under <paramref name="name"/>, with data, or empty.</summary>
    public string Serve(string name, bool withData)
    {
        var path = Path.Combine(this.Root, name);
        (withData ? Datasets.Create(path) : Repository.Init(path)).Dispose();
        return $"{this.BaseUrl}/{name}";
    }

    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = new Uri(this.BaseUrl + "/") };
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public void Dispose()
    {
        this.app.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)this.app).Dispose();
        this.dir.Dispose();
        GC.SuppressFinalize(this);
    }
}
