namespace Tessera.MSBuildTasks;

/// <summary>Writes generated files only when their text changes, so the compiler's own up-to-date check can skip.</summary>
internal static class FileContent
{
    public static void WriteIfChanged(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text)
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text);
    }
}
