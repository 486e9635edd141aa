namespace Tessera.Formats.Mapping;

/// <summary>Writes a file through a temporary sibling and renames it into place, so a failed export leaves no partial file.</summary>
internal static class AtomicFile
{
    public static T Write<T>(string path, Func<string, T> write)
    {
        path = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            var result = write(temporary);
            File.Move(temporary, path, overwrite: true);
            return result;
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
