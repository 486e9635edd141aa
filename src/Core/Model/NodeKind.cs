namespace Tessera;

/// <summary>What a node of the tree is.</summary>
public enum NodeKind
{
    /// <summary>Holds other nodes.</summary>
    Group,
    /// <summary>A map key → sample (Hangar's model).</summary>
    Column,
    /// <summary>One chunked N-dimensional array (Zarr's model).</summary>
    Array,
}

/// <summary>Names of node kinds as the CLI and JSON write them.</summary>
public static class NodeKinds
{
    public static string Name(this NodeKind kind) => kind switch
    {
        NodeKind.Group => "group",
        NodeKind.Column => "column",
        _ => "array",
    };

    public static NodeKind Parse(string name) => name switch
    {
        "group" => NodeKind.Group,
        "column" => NodeKind.Column,
        "array" => NodeKind.Array,
        _ => throw new CorruptObjectException($"Unknown node kind '{name}'."),
    };
}
