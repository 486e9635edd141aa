using Tessera.Manifests;

namespace Tessera;

/// <summary>
/// One node of a snapshot. <see cref="Id"/> is stable across moves and renames, so diff can tell
/// a move from a delete plus an add.
/// </summary>
internal sealed record NodeRecord(string Id, string Path, NodeKind Kind, ColumnSchema? Schema, string Attributes, ManifestRef Manifest)
{
    public static string NewId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
}
