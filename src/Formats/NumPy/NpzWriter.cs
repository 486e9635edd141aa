using System.IO.Compression;

namespace Tessera.Formats.NumPy;

/// <summary>
/// Writes a <c>.npz</c> archive: each array becomes the member <c>{name}.npy</c>, stored or deflated.
/// The archive is finished on <see cref="Dispose"/>.
/// </summary>
public sealed class NpzWriter : IDisposable
{
    private readonly ZipArchive archive;
    private readonly CompressionLevel level;
    private readonly HashSet<string> names = new(StringComparer.Ordinal);

    public NpzWriter(Stream stream, NpzCompression compression = NpzCompression.Stored, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        this.archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen);
        // .NET stores (ZIP_STORED) exactly when the level is NoCompression.
        this.level = compression == NpzCompression.Deflated ? CompressionLevel.Optimal : CompressionLevel.NoCompression;
    }

    public static NpzWriter CreateFile(string path, NpzCompression compression = NpzCompression.Stored) =>
        new(File.Create(path), compression);

    public void Write(string name, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        using NpyStreamWriter writer = OpenArray(name, array.Dtype, array.ShapeSpan);
        writer.WriteSamples(array.Data.Span);
        writer.Complete();
    }

    /// <summary>
    /// Starts the member <c>{name}.npy</c> for writing sample by sample; dispose the returned writer before
    /// starting the next member (a zip is written one member at a time).
    /// </summary>
    public NpyStreamWriter OpenArray(string name, NpyDtype dtype, ReadOnlySpan<long> shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!this.names.Add(name))
            throw new ArgumentException($"The archive already has an array '{name}'.", nameof(name));
        ZipArchiveEntry entry = this.archive.CreateEntry(name + ".npy", this.level);
        return new NpyStreamWriter(entry.Open(), dtype, shape);
    }

    public void Dispose() => this.archive.Dispose();
}
