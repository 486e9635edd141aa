namespace Tessera.Lsp.Protocol;

public sealed record WorkspaceFolder(string Uri, string Name);

/// <summary>The parts of <c>initialize</c>'s params the server uses.</summary>
public sealed record InitializeParams(int? ProcessId = null, string? RootUri = null, string? RootPath = null, IReadOnlyList<WorkspaceFolder>? WorkspaceFolders = null);

public sealed record ServerInfo(string Name, string Version);

public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);

public sealed record ServerCapabilities(
    TextDocumentSyncOptions TextDocumentSync,
    bool HoverProvider,
    CompletionOptions CompletionProvider,
    CodeActionOptions CodeActionProvider,
    CodeLensOptions CodeLensProvider,
    WorkspaceCapabilities Workspace,
    ExperimentalCapabilities Experimental);

/// <summary><c>change</c>: 1 = the client sends whole documents.</summary>
public sealed record TextDocumentSyncOptions(bool OpenClose, int Change);

public sealed record CompletionOptions(IReadOnlyList<string> TriggerCharacters);

public sealed record CodeActionOptions(IReadOnlyList<string> CodeActionKinds);

public sealed record CodeLensOptions(bool ResolveProvider);

public sealed record WorkspaceCapabilities(WorkspaceFoldersServerCapabilities WorkspaceFolders);

public sealed record WorkspaceFoldersServerCapabilities(bool Supported, bool ChangeNotifications);

/// <summary>Announces the <c>tessera/*</c> requests so clients can feature-detect them.</summary>
public sealed record ExperimentalCapabilities(IReadOnlyList<string> TesseraRequests);

public sealed record DidChangeWorkspaceFoldersParams(WorkspaceFoldersChangeEvent Event);

public sealed record WorkspaceFoldersChangeEvent(IReadOnlyList<WorkspaceFolder> Added, IReadOnlyList<WorkspaceFolder> Removed);
