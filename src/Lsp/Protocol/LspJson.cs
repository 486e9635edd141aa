using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tessera.Lsp.Protocol;

/// <summary>
/// Source-generated (reflection-free) serialization of the protocol records: camelCase names,
/// nulls left out as LSP expects for optional properties. Params missing a non-optional
/// property, or with null where none is allowed, fail to read (InvalidParams).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(InitializeParams))]
[JsonSerializable(typeof(InitializeResult))]
[JsonSerializable(typeof(DidChangeWorkspaceFoldersParams))]
[JsonSerializable(typeof(DidOpenTextDocumentParams))]
[JsonSerializable(typeof(DidChangeTextDocumentParams))]
[JsonSerializable(typeof(DidCloseTextDocumentParams))]
[JsonSerializable(typeof(DidChangeWatchedFilesParams))]
[JsonSerializable(typeof(TextDocumentPositionParams))]
[JsonSerializable(typeof(PublishDiagnosticsParams))]
[JsonSerializable(typeof(Hover))]
[JsonSerializable(typeof(CompletionList))]
[JsonSerializable(typeof(CodeActionParams))]
[JsonSerializable(typeof(IReadOnlyList<CodeAction>))]
[JsonSerializable(typeof(CodeLensParams))]
[JsonSerializable(typeof(IReadOnlyList<CodeLens>))]
[JsonSerializable(typeof(RepositoryParams))]
[JsonSerializable(typeof(LogParams))]
[JsonSerializable(typeof(SchemaParams))]
[JsonSerializable(typeof(DiffParams))]
[JsonSerializable(typeof(ConflictsParams))]
[JsonSerializable(typeof(SampleParams))]
[JsonSerializable(typeof(KeysParams))]
[JsonSerializable(typeof(RepositoryChangedParams))]
internal sealed partial class LspJson : JsonSerializerContext
{
    /// <summary>Reads params, failing with InvalidParams (through <see cref="JsonException"/>) when absent.</summary>
    public static T Read<T>(JsonElement parameters, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        if (parameters.ValueKind != JsonValueKind.Object)
            throw new JsonException($"params must be an object ({typeof(T).Name}).");
        return parameters.Deserialize(type) ?? throw new JsonException($"params must be an object ({typeof(T).Name}).");
    }

    /// <summary>A result writer for a protocol record.</summary>
    public static Action<Utf8JsonWriter> Write<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        w => JsonSerializer.Serialize(w, value, type);
}
