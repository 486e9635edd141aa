using System.Reflection;
using Tessera.Lsp.Features;
using Tessera.Lsp.JsonRpc;
using Tessera.Lsp.Protocol;
using Tessera.Lsp.Workspace;

namespace Tessera.Lsp.Server;

/// <summary>
/// Tessera's language server: the LSP lifecycle (initialize, shutdown, exit) over a
/// <see cref="JsonRpcConnection"/>, with the features registered on it. Runs until <c>exit</c>
/// or until the client goes away; the exit code is 0 only after a proper shutdown.
/// </summary>
public sealed class LanguageServer : IDisposable
{
    private readonly TextWriter log;
    private ParentProcessWatch? parentWatch;
    private volatile State state = State.Created;

    public LanguageServer(Stream input, Stream output, TextWriter log, int maxMessageBytes = MessageReader.DefaultMaxMessageBytes)
    {
        this.log = TextWriter.Synchronized(log);
        this.Connection = new JsonRpcConnection(input, output, this.log, maxMessageBytes)
        {
            RequestGate = this.Admit,
            NotificationGate = method => this.state == State.Initialized || method == "exit",
            MapException = ServerErrors.Map,
        };
        this.Diagnostics = new DiagnosticsPublisher(this);
        this.Watcher = new RepositoryWatcher(root => FileWatching.OnRepositoryChanged(this, root), this.log);
        this.Repositories.Discovered += this.Watcher.Watch;
        this.Connection.OnRequest("initialize", this.InitializeAsync);
        this.Connection.OnRequest("shutdown", (_, _) => Task.FromResult<Action<System.Text.Json.Utf8JsonWriter>?>(null));
        this.Connection.OnNotification("initialized", _ => { });
        this.Connection.OnNotification("exit", _ => this.Connection.Stop());
        DocumentSync.Register(this);
        FileWatching.Register(this);
        HoverFeature.Register(this);
        CompletionFeature.Register(this);
        CodeActionFeature.Register(this);
        CodeLensFeature.Register(this);
        TesseraRequests.Register(this);
    }

    private enum State
    {
        Created,
        Initialized,
        ShuttingDown,
    }

    public static string Version { get; } = typeof(LanguageServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";

    public JsonRpcConnection Connection { get; }

    public DocumentStore Documents { get; } = new();

    public RepositoryRegistry Repositories { get; } = new();

    public RepositoryWatcher Watcher { get; }

    public DiagnosticsPublisher Diagnostics { get; }

    public TextWriter Log => this.log;

    /// <summary>Serves until <c>exit</c> or the end of input; 0 when <c>shutdown</c> came first, else 1.</summary>
    public async Task<int> RunAsync()
    {
        await this.Connection.RunAsync().ConfigureAwait(false);
        this.log.WriteLine($"[server] stopped ({(this.state == State.ShuttingDown ? "after shutdown" : "without shutdown")})");
        return this.state == State.ShuttingDown ? 0 : 1;
    }

    public void Dispose()
    {
        this.parentWatch?.Dispose();
        this.Watcher.Dispose();
        this.Repositories.Dispose();
    }

    private RpcException? Admit(string method) => (this.state, method) switch
    {
        (State.Created, "initialize") => this.MoveTo(State.Initialized),
        (State.Created, _) => new RpcException(RpcErrorCodes.ServerNotInitialized, $"{method} before initialize."),
        (_, "initialize") => new RpcException(RpcErrorCodes.InvalidRequest, "initialize was already called."),
        (State.ShuttingDown, _) => new RpcException(RpcErrorCodes.InvalidRequest, $"{method} after shutdown."),
        (_, "shutdown") => this.MoveTo(State.ShuttingDown),
        _ => null,
    };

    // Lifecycle moves happen at admission, on the read loop, so later messages see them in order.
    private RpcException? MoveTo(State next)
    {
        this.state = next;
        return null;
    }

    private Task<Action<System.Text.Json.Utf8JsonWriter>?> InitializeAsync(System.Text.Json.JsonElement parameters, CancellationToken cancellationToken)
    {
        var init = LspJson.Read(parameters, LspJson.Default.InitializeParams);
        if (init.ProcessId is { } pid)
            this.parentWatch = new ParentProcessWatch(pid, () => this.Connection.Stop());
        var folders = init.WorkspaceFolders?.Select(f => DocumentUris.ToPath(f.Uri))
            ?? (init.RootUri is { } root ? [DocumentUris.ToPath(root)] : init.RootPath is { } path ? [path] : []);
        foreach (var folder in folders)
            this.Repositories.Scan(folder);
        var result = new InitializeResult(
            new ServerCapabilities(
                new TextDocumentSyncOptions(OpenClose: true, Change: 1),
                HoverProvider: true,
                new CompletionOptions(["\"", ";", "/"]),
                new CodeActionOptions(["quickfix"]),
                new CodeLensOptions(ResolveProvider: false),
                new WorkspaceCapabilities(new WorkspaceFoldersServerCapabilities(Supported: true, ChangeNotifications: true)),
                new ExperimentalCapabilities(TesseraRequests.Methods)),
            new ServerInfo("tessera", Version));
        return Task.FromResult<Action<System.Text.Json.Utf8JsonWriter>?>(LspJson.Write(result, LspJson.Default.InitializeResult));
    }
}
