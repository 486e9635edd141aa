using Tessera.Manifests;

namespace Tessera;

/// <summary>
/// One node of a snapshot. <see cref="Id"/> is stable across moves and renames, so diff can tell
/// a move from a delete plus an add.
/// </summary>
internal sealed record NodeRecord(string Id, string Path, NodeKind Kind, ColumnSchema? Schema, string Attributes, ManifestRef Manifest)
{
    /// <summary>The schema of an array node.</summary>
    public ArraySchema? Array { get; init; }

    /// <summary>Columns and arrays map keys (sample keys, chunk coordinates) to ids.</summary>
    public bool HasManifest => this.Kind != NodeKind.Group;

    /// <summary>Same kind and schema (column or array): what a merge compares.</summary>
    public bool SameSchema(NodeRecord other) => this.Kind == other.Kind && this.Schema == other.Schema && this.Array == other.Array;

    public static string NewId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
}
