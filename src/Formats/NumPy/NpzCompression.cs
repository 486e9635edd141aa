namespace Tessera.Formats.NumPy;

/// <summary>How <see cref="NpzWriter"/> stores members, after numpy's <c>savez</c> and <c>savez_compressed</c>.</summary>
public enum NpzCompression
{
    /// <summary>ZIP_STORED, as <c>np.savez</c>.</summary>
    Stored,

    /// <summary>ZIP_DEFLATED, as <c>np.savez_compressed</c>.</summary>
    Deflated,
}
