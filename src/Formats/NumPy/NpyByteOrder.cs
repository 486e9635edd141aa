namespace Tessera.Formats.NumPy;

/// <summary>Byte order of a dtype as numpy spells it in a descriptor.</summary>
public enum NpyByteOrder
{
    /// <summary><c>&lt;</c>: little-endian.</summary>
    Little,

    /// <summary><c>&gt;</c>: big-endian.</summary>
    Big,

    /// <summary><c>|</c>: single-byte units (bool, int8, uint8, byte strings) have no byte order.</summary>
    NotApplicable,
}
