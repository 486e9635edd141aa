namespace Tessera;

/// <summary>What a node of the tree is.</summary>
public enum NodeKind
{
    /// <summary>Holds other nodes.</summary>
    Group,
    /// <summary>A map key → sample (Hangar's model).</summary>
    Column,
}
