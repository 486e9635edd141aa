namespace Tessera.Tool.Tests.Support;

/// <summary>
/// A file system mounted for one test and unmounted on dispose: a small tmpfs (a disk that fills
/// up) or a read-only view of a folder. Needs root, as the test run has (it installs packages).
/// </summary>
public sealed class Mount : IDisposable
{
    private Mount(string path) => this.Path = path;

    public string Path { get; }

    /// <summary>A tmpfs of <paramref name="megabytes"/> MiB at <paramref name="path"/> (created).</summary>
    public static Mount Tmpfs(string path, int megabytes)
    {
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
        return new Mount(path);
    }

    /// <summary><paramref name="source"/> seen read-only at <paramref name="path"/> (created).</summary>
    public static Mount ReadOnlyView(string source, string path)
    {
        Directory.CreateDirectory(path);
        Run("mount", "--bind", source, path);
        var mount = new Mount(path);
        try
        {
            Run("mount", "-o", "remount,ro,bind", path);
        }
        catch
        {
            mount.Dispose();
            throw;
        }
        return mount;
    }

    public long FreeBytes => new DriveInfo(this.Path).AvailableFreeSpace;

    /// <summary>Writes zeros into <paramref name="file"/> until the disk is full.</summary>
    public void Fill(string file)
    {
        using var stream = new FileStream(file, FileMode.Create, FileAccess.Write);
        var block = new byte[1 << 16];
        try
        {
            while (true)
                stream.Write(block);
        }
        catch (IOException)
        {
        }
        try
        {
            stream.Flush();
        }
        catch (IOException)
        {
        }
    }

    public void Dispose() => Run("umount", "-l", this.Path);

    private static void Run(string file, params string[] args)
    {
        try
        {
            ExternalProgram.Run(file, args);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{e.Message.Trim()} These tests need root to mount file systems.", e);
        }
    }
}
