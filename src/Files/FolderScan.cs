using System.Runtime.InteropServices;
using Tessera.Formats.Mapping;

namespace Tessera.Files;

/// <summary>A file found under the imported folder.</summary>
/// <param name="RelativePath">'/'-separated, relative to the folder.</param>
/// <param name="Modified">The last write time (UTC ticks) of the file, links followed.</param>
public sealed record ScannedFile(string RelativePath, string FullPath, long Size, long Modified);

/// <summary>
/// Lists the regular files under a folder, following symbolic links, in ordinal path order. Names
/// starting with '.' (hidden files and folders) are left out. A link back to a folder being walked
/// (a loop), a link that cannot be resolved, a folder that cannot be listed and a path that is
/// not a regular file or folder (a FIFO, a device) are refused naming the path, before anything is read.
/// </summary>
public static unsafe partial class FolderScan
{
    public static List<ScannedFile> Scan(string directory)
    {
        if (!Directory.Exists(directory))
            throw new NotFoundException(ErrorCode.InvalidArgument, $"'{directory}' is not a folder. Give the folder of files to import.");
        var files = new List<ScannedFile>();
        Walk(directory, "", [RealPath(directory)], files);
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return files;
    }

    private static void Walk(string folder, string relative, List<string> ancestors, List<ScannedFile> files)
    {
        string[] entries;
        try
        {
            entries = Directory.GetFileSystemEntries(folder);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw Refused(folder, $"cannot be listed ({e.Message.TrimEnd('.')})", "Give the user running the import read access, or move the folder out");
        }
        foreach (string entry in entries)
        {
            string name = Path.GetFileName(entry);
            if (name.StartsWith('.'))
                continue;
            string path = relative.Length == 0 ? name : $"{relative}/{name}";
            FileStat stat;
            try
            {
                stat = FileKinds.Stat(entry);
            }
            catch (IOException e)
            {
                throw e.Message.Contains("symbolic links", StringComparison.Ordinal)
                    ? Refused(entry, "is a symbolic link loop (it leads back to itself)", "Remove the link or point it at a file")
                    : Refused(entry, $"cannot be inspected ({e.Message.TrimEnd('.')})", "Give the user running the import access to it, or move it out of the folder");
            }
            switch (stat.Kind)
            {
                case FileKind.Regular:
                    files.Add(new ScannedFile(path, entry, stat.Size, stat.Modified));
                    break;
                case FileKind.Directory:
                    string real = RealPath(entry);
                    if (ancestors.Contains(real, StringComparer.Ordinal))
                        throw Refused(entry, $"is a symbolic link to '{real}', a folder it is inside of (a loop)", "Remove the link, or import the folder it points to on its own");
                    ancestors.Add(real);
                    Walk(entry, path, ancestors, files);
                    ancestors.RemoveAt(ancestors.Count - 1);
                    break;
                case FileKind.Missing:
                    throw Refused(entry, $"is a symbolic link to '{new FileInfo(entry).LinkTarget}', which does not exist", "Remove the link or restore its target");
                default:
                    throw Refused(entry, "is not a regular file (a FIFO, socket or device)", "Move it out of the folder");
            }
        }
    }

    private static InvalidInputException Refused(string path, string what, string fix) =>
        new(ErrorCode.InvalidArgument, $"'{path}' {what}. {fix}; nothing was imported.");

    /// <summary>The path with every link resolved (realpath(3)), so two names of one folder compare equal.</summary>
    private static string RealPath(string path)
    {
        if (!OperatingSystem.IsLinux())
            return Path.GetFullPath(path);
        nint resolved = RealPathNative(path, 0);
        if (resolved == 0)
            return Path.GetFullPath(path);
        try
        {
            return Marshal.PtrToStringUTF8(resolved)!;
        }
        finally
        {
            NativeMemory.Free((void*)resolved);
        }
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint RealPathNative(string path, nint resolved);
}
