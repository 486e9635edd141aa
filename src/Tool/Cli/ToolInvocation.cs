using System.Text.Json;

namespace Tessera.Tool.Cli;

/// <summary>
/// The words that run this tool from a folder, for hints meant to be copied: <c>dotnet tensor</c>
/// when that resolves there (a restored local tool in a manifest above the folder, or
/// <c>dotnet-tensor</c> on PATH as a global tool), else <c>dotnet "&lt;this build's dll&gt;"</c>,
/// which always works.
/// </summary>
internal static class ToolInvocation
{
    private const string PackageId = "tessera.tool";
    private const string CommandName = "dotnet-tensor";

    public static string From(string directory) =>
        HasLocalTool(directory) || OnPath() ? "dotnet tensor" : $"dotnet \"{typeof(ToolInvocation).Assembly.Location}\"";

    private static bool HasLocalTool(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            foreach (var manifest in new[] { Path.Combine(dir.FullName, ".config", "dotnet-tools.json"), Path.Combine(dir.FullName, "dotnet-tools.json") })
            {
                if (!File.Exists(manifest))
                    continue;
                var (version, isRoot) = ReadManifest(manifest);
                if (version is not null)
                    return Directory.Exists(Path.Combine(PackagesFolder(), PackageId, version.ToLowerInvariant()));
                if (isRoot)
                    return false;
            }
        }
        return false;
    }

    /// <summary>The version a manifest pins for the tool (null when it does not list it), and whether the search stops there.</summary>
    private static (string? Version, bool IsRoot) ReadManifest(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            bool isRoot = doc.RootElement.TryGetProperty("isRoot", out var root) && root.ValueKind == JsonValueKind.True;
            if (doc.RootElement.TryGetProperty("tools", out var tools))
            {
                foreach (var tool in tools.EnumerateObject())
                {
                    if (tool.Name.Equals(PackageId, StringComparison.OrdinalIgnoreCase) && tool.Value.TryGetProperty("version", out var version))
                        return (version.GetString(), isRoot);
                }
            }
            return (null, isRoot);
        }
        catch (Exception e) when (e is JsonException or IOException or InvalidOperationException)
        {
            return (null, false);
        }
    }

    private static string PackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static bool OnPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, CommandName)) || File.Exists(Path.Combine(dir, CommandName + ".exe")));
}
