namespace Tessera.Storage;

/// <summary>
/// A few MiB kept in <c>.tensor/reserve</c> so that the repository can still be cleaned up when
/// the disk is full: undoing a failed operation, releasing the writer lock, <c>reset</c> and
/// <c>gc</c> all write to SQLite's write-ahead log, which needs space. When such a write fails
/// for lack of space, the reserve is deleted and the write tried once more; the reserve is made
/// again when a writer opens with room to spare.
/// </summary>
internal static class DiskReserve
{
    private const int Size = 4 << 20;

    /// <summary>Free space a disk must keep after the reserve is made.</summary>
    private const long Headroom = 16L << 20;

    public static string PathIn(string root) => Path.Combine(root, Repository.DirectoryName, FileName);

    private const string FileName = "reserve";

    /// <summary>Makes the reserve if it is missing and the disk has room; never fails.</summary>
    public static void Ensure(string root)
    {
        string path = PathIn(root);
        if (File.Exists(path))
            return;
        try
        {
            if (new DriveInfo(Path.GetDirectoryName(path)!).AvailableFreeSpace < Size + Headroom)
                return;
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            file.Write(new byte[Size]);
            file.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            TryDelete(path);
        }
    }

    /// <summary>Runs <paramref name="work"/>; if it fails for lack of space, frees the reserve and runs it once more.</summary>
    public static T Retry<T>(string root, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (Exception e) when (IsDiskFull(e) && TryDelete(PathIn(root)))
        {
            return work();
        }
    }

    public static void Retry(string root, Action work) => Retry(root, () =>
    {
        work();
        return 0;
    });

    public static bool IsDiskFull(Exception e) => StorageErrors.IsDiskFull(e);

    /// <summary>Deletes the reserve in the <c>.tensor</c> folder <paramref name="tensorDirectory"/>; true when there was one.</summary>
    public static bool Release(string tensorDirectory) => TryDelete(Path.Combine(tensorDirectory, FileName));

    /// <summary>True when the disk holding <paramref name="path"/> has any room left (or cannot tell).</summary>
    public static bool HasFreeSpace(string path)
    {
        try
        {
            return new DriveInfo(Path.GetDirectoryName(Path.GetFullPath(path))!).AvailableFreeSpace > 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return true;
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            if (!File.Exists(path))
                return false;
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
