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

/// <summary>
/// The kind of file a path names. .NET tells regular files from devices and FIFOs nowhere, so on Linux this asks
/// <c>statx(2)</c>, whose layout is the same on every architecture; elsewhere every existing non-directory counts as
/// a regular file.
/// </summary>
internal static unsafe partial class FileKinds
{
    private const int AtCurrentDirectory = -100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28;
    private const int NoEntry = 2;
    private const int NotDirectory = 20;

    public static FileKind Of(string path)
    {
        if (!OperatingSystem.IsLinux())
            return Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.Regular : FileKind.Missing;
        byte* buffer = stackalloc byte[256];
        if (Statx(AtCurrentDirectory, path, 0, StatxType, buffer) != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            return error is NoEntry or NotDirectory
                ? FileKind.Missing
                : throw new IOException($"Cannot inspect '{path}': {Marshal.GetPInvokeErrorMessage(error)}.");
        }
        return (*(ushort*)(buffer + ModeOffset) & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x2000 => FileKind.CharacterDevice,
            0x1000 => FileKind.Fifo,
            0x6000 => FileKind.BlockDevice,
            _ => FileKind.Socket,
        };
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);
}
