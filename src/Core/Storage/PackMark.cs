using System.Runtime.InteropServices;

namespace Tessera.Storage;

/// <summary>
/// The end of the packs and of the blob index at one moment: the pack being appended to, its
/// length, and the last index batch. Everything written after it belongs to whoever took the
/// mark while holding the writer lock, so it can be cut away again.
/// </summary>
internal readonly partial record struct PackMark(int Pack, long Length, long Batch)
{
    private const int KeepSize = 1;
    private const int PunchHole = 2;

    /// <summary>
    /// Drops the index batches written after the mark and the packs started after it, inside the
    /// caller's transaction. <see cref="FreeBytes"/> then gives their space back.
    /// </summary>
    public void CutBackIndex(Database db)
    {
        lock (db.Gate)
        {
            db.Execute("DELETE FROM blob_index WHERE batch > $b", ("$b", this.Batch));
            db.Execute("DELETE FROM packs WHERE id > $p", ("$p", this.Pack));
        }
        BlobIndex.BumpGeneration(db);
    }

    /// <summary>
    /// Deletes the packs numbered after the mark and frees the bytes of the mark's pack past its
    /// length. Those bytes are punched out (on file systems that can), not truncated: the file
    /// keeps its length so offsets are never reused and a reader's older map of the file stays
    /// valid. Run after the index no longer names them; a crash before only leaves unnamed bytes.
    /// </summary>
    public void FreeBytes(PackStore packs)
    {
        for (int p = this.Pack + 1; File.Exists(packs.PathOf(p)); p++)
        {
            packs.Forget(p);
            File.Delete(packs.PathOf(p));
        }
        if (this.Pack == 0 || !File.Exists(packs.PathOf(this.Pack)) || !OperatingSystem.IsLinux())
            return;
        using var file = new FileStream(packs.PathOf(this.Pack), FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length > this.Length)
            _ = Fallocate((int)file.SafeFileHandle.DangerousGetHandle(), PunchHole | KeepSize, this.Length, file.Length - this.Length);
    }

    [LibraryImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    private static partial int Fallocate(int fd, int mode, long offset, long length);
}
