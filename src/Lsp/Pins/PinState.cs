using Tessera.Lsp.Protocol;
using Tessera.Pins;

namespace Tessera.Lsp.Pins;

/// <summary>A pin finding placed on the metadata value it is about; severity as LSP numbers it (1 error, 2 warning).</summary>
public sealed record PinProblem(string Code, int Severity, string Message, LspRange Range);

/// <summary>A pin of an open project file, resolved by Core's <see cref="PinResolver"/>, with its findings placed in the text.</summary>
public sealed record PinState(PinSite Site, PinResolution Resolution, IReadOnlyList<PinProblem> Problems);
