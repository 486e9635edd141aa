using System.Runtime.InteropServices;

namespace Tessera.Formats.Mapping;

/// <summary>What a path names, links followed (as opening it would).</summary>
internal enum FileKind
{
    Missing,
    Regular,
    Directory,
    CharacterDevice,
    Fifo,
    BlockDevice,
    Socket,
}

/// <summary>What a path names, links followed: its kind, size and last write time (UTC ticks).</summary>
internal readonly record struct FileStat(FileKind Kind, long Size, long Modified);

/// <summary>
/// The kind of file a path names. .NET tells regular files from devices and FIFOs nowhere, so on Linux this asks
/// <c>statx(2)</c>, whose layout is the same on every architecture; elsewhere every existing non-directory counts as
/// a regular file.
/// </summary>
internal static unsafe partial class FileKinds
{
    private const int AtCurrentDirectory = -100;
    private const uint StatxType = 0x1;
    private const uint StatxMtime = 0x40;
    private const uint StatxSize = 0x200;
    private const int ModeOffset = 28;
    private const int SizeOffset = 40;
    private const int MtimeOffset = 112;
    private const int NoEntry = 2;
    private const int NotDirectory = 20;

    public static FileKind Of(string path) => Stat(path).Kind;

    /// <summary>The kind, size and time in one system call (a folder scan makes one per file).</summary>
    public static FileStat Stat(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            if (Directory.Exists(path))
                return new FileStat(FileKind.Directory, 0, Directory.GetLastWriteTimeUtc(path).Ticks);
            var file = new FileInfo(path);
            return file.Exists ? new FileStat(FileKind.Regular, file.Length, file.LastWriteTimeUtc.Ticks) : default;
        }
        byte* buffer = stackalloc byte[256];
        if (Statx(AtCurrentDirectory, path, 0, StatxType | StatxSize | StatxMtime, buffer) != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            return error is NoEntry or NotDirectory
                ? default
                : throw new IOException($"Cannot inspect '{path}': {Marshal.GetPInvokeErrorMessage(error)}.");
        }
        long seconds = *(long*)(buffer + MtimeOffset);
        uint nanoseconds = *(uint*)(buffer + MtimeOffset + 8);
        long modified = DateTime.UnixEpoch.Ticks + (seconds * TimeSpan.TicksPerSecond) + (nanoseconds / 100);
        return new FileStat(KindOf(*(ushort*)(buffer + ModeOffset)), *(long*)(buffer + SizeOffset), modified);
    }

    private static FileKind KindOf(ushort mode) =>
        (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x2000 => FileKind.CharacterDevice,
            0x1000 => FileKind.Fifo,
            0x6000 => FileKind.BlockDevice,
            _ => FileKind.Socket,
        };

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);
}
