using System.Text.Json;

namespace Tessera.Lsp.JsonRpc;

/// <summary>
/// Answers one request. <paramref name="parameters"/> is the <c>params</c> value (Undefined when
/// absent), valid until the returned task completes. The result writes the <c>result</c> value;
/// null writes JSON null.
/// </summary>
public delegate Task<Action<Utf8JsonWriter>?> RequestHandler(JsonElement parameters, CancellationToken cancellationToken);

/// <summary>Handles one notification, in arrival order (the read loop waits for it).</summary>
public delegate void NotificationHandler(JsonElement parameters);
