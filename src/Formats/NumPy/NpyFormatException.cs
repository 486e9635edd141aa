namespace Tessera.Formats.NumPy;

/// <summary>
/// The input is not a NumPy <c>.npy</c>/<c>.npz</c> file this codec can read: wrong magic, truncated header or data,
/// a header that is not the dict literal numpy writes, or a dtype outside the supported set.
/// The message says what is wrong and what is supported.
/// </summary>
public sealed class NpyFormatException : Exception
{
    public NpyFormatException(string message)
        : base(message)
    {
    }

    public NpyFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public NpyFormatException()
        : base("Invalid NumPy data.")
    {
    }
}
