namespace Tessera.Formats.Mapping;

/// <summary>
/// Writes an export that is a folder: into a new or empty folder only (so nothing stale mixes in), built in a
/// sibling folder and moved into place at the end, so a failed export leaves no half-written folder. Through a link
/// to a folder, the export replaces the (empty) folder it points to, and the link stays.
/// </summary>
internal static class ExportFolder
{
    public static void Write(string directory, Action<string> write)
    {
        string target = OutputFile.DirectoryTarget(directory);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"'{directory}' is not empty. Export into a new or empty folder, so no stale files mix in.");
        string staging = $"{Path.TrimEndingDirectorySeparator(target)}.tmp-{Guid.NewGuid():N}";
        try
        {
            Directory.CreateDirectory(staging);
            write(staging);
            if (Directory.Exists(target))
                Directory.Delete(target);
            Directory.Move(staging, target);
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
    }
}
