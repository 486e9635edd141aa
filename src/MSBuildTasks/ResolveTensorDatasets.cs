using System.Diagnostics;
using Microsoft.Build.Framework;
using Tessera.Pins;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace Tessera.MSBuildTasks;

/// <summary>
/// Resolves a project's <c>TensorDataset</c> items (the same checks and words as
/// <c>dotnet tensor pin --check</c>), materializes those that ask for it, and writes the generated
/// source. Runs only when the project or a pinned repository changed (the targets' Inputs/Outputs).
/// </summary>
public sealed class ResolveTensorDatasets : MSBuildTask
{
    [Required]
    public ITaskItem[] Datasets { get; set; } = [];

    /// <summary>The project file: pins' relative paths start at its folder, and diagnostics point into it.</summary>
    [Required]
    public string ProjectFile { get; set; } = "";

    [Required]
    public string GeneratedFile { get; set; } = "";

    /// <summary>Where materialized copies are built (in obj/), one folder per dataset.</summary>
    [Required]
    public string MaterializeDirectory { get; set; } = "";

    /// <summary>The output subfolder materialized copies are copied to (default <c>tensor-data</c>).</summary>
    [Required]
    public string MaterializedFolder { get; set; } = "";

    public string? Namespace { get; set; }

    /// <summary>True when the project references Tessera.Core: the generated code then opens checkouts too.</summary>
    public bool ReferencesCore { get; set; }

    public override bool Execute()
    {
        // MSBuild hands relative paths over; the task's current folder is not the project's.
        var projectDirectory = Path.GetDirectoryName(this.ProjectFile)!;
        this.GeneratedFile = Path.GetFullPath(this.GeneratedFile, projectDirectory);
        this.MaterializeDirectory = Path.GetFullPath(this.MaterializeDirectory, projectDirectory);
        Directory.CreateDirectory(this.MaterializeDirectory);
        var pins = this.Datasets.Select(ToPin).ToList();
        var locations = ReadLocations(this.ProjectFile);
        var resolutions = new List<PinResolution>();
        foreach (var (name, error) in PinResolver.FindDuplicates(pins))
            this.Report(error, locations.GetValueOrDefault(name));
        foreach (var pin in pins.DistinctBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
        {
            var resolution = this.Resolve(pin);
            foreach (var diagnostic in resolution.Diagnostics)
                this.Report(diagnostic, locations.GetValueOrDefault(pin.Name));
            if (!resolution.HasErrors && pin.Materialize)
                this.Materialize(resolution, locations.GetValueOrDefault(pin.Name));
            resolutions.Add(resolution);
        }
        if (this.Log.HasLoggedErrors)
        {
            // A stale generated file must not compile in place of pins that no longer resolve.
            if (File.Exists(this.GeneratedFile))
                File.Delete(this.GeneratedFile);
            return false;
        }
        this.RemoveUnpinnedCopies(pins);
        var source = DatasetSource.Generate(resolutions, Path.GetFileName(this.ProjectFile), DatasetSource.Namespace(this.Namespace), this.ReferencesCore, this.MaterializedFolder);
        FileContent.WriteIfChanged(this.GeneratedFile, source);
        return true;
    }

    private static DatasetPin ToPin(ITaskItem item) =>
        new(item.ItemSpec, Meta(item, "Repository"), Meta(item, "Commit"), Meta(item, "Branch"), DatasetPin.ParseColumns(item.GetMetadata("Columns")))
        {
            VerifyData = IsTrue(item.GetMetadata("VerifyData")),
            Materialize = IsTrue(item.GetMetadata("Materialize")),
        };

    private static string? Meta(ITaskItem item, string name) => item.GetMetadata(name) is { Length: > 0 } value ? value.Trim() : null;

    private static bool IsTrue(string value) => string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Lines of the literal items in the project file, so diagnostics point at them (items from imports point at the project).</summary>
    private static Dictionary<string, ProjectPin> ReadLocations(string projectFile)
    {
        try
        {
            return ProjectPins.Read(projectFile).DistinctBy(p => p.Pin.Name).ToDictionary(p => p.Pin.Name);
        }
        catch (TesseraException)
        {
            return [];
        }
    }

    /// <summary>Resolves a pin once per build: projects that pin the same commit share the result.</summary>
    private PinResolution Resolve(DatasetPin pin)
    {
        var root = Path.GetFullPath(pin.Repository ?? ".", Path.GetDirectoryName(this.ProjectFile)!);
        var key = $"Tessera.Pin|{root}|{pin.Commit}|{pin.Branch}|{string.Join(';', pin.Columns)}|{pin.VerifyData}";
        var engine = (IBuildEngine4)this.BuildEngine;
        if (engine.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.Build) is PinResolution shared)
        {
            this.Log.LogMessage(MessageImportance.High, $"Tessera: dataset '{pin.Name}' -> {shared.Commit?.ShortId ?? "(unresolved)"} (resolved by another project in this build)");
            return shared with { Pin = pin };
        }
        var clock = Stopwatch.StartNew();
        var resolution = PinResolver.Resolve(pin, Path.GetDirectoryName(this.ProjectFile)!);
        engine.RegisterTaskObject(key, resolution, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
        if (resolution.Commit is { } commit)
        {
            this.Log.LogMessage(MessageImportance.High,
                $"Tessera: dataset '{pin.Name}' -> {commit.ShortId}, {resolution.Nodes.Count} node(s){(pin.VerifyData ? ", data verified" : "")} ({clock.ElapsedMilliseconds} ms)");
        }
        return resolution;
    }

    private void Materialize(PinResolution resolution, ProjectPin? location)
    {
        var destination = Path.Combine(this.MaterializeDirectory, resolution.Pin.Name);
        var stamp = destination + ".stamp";
        var wanted = $"{resolution.Commit!.Id}\n{string.Join('\n', resolution.Nodes.Select(n => n.Path))}\n";
        if (File.Exists(stamp) && File.ReadAllText(stamp) == wanted && Directory.Exists(destination))
            return;
        var clock = Stopwatch.StartNew();
        try
        {
            File.Delete(stamp);
            PinMaterializer.Materialize(resolution, destination);
            File.WriteAllText(stamp, wanted);
            this.Log.LogMessage(MessageImportance.High, $"Tessera: materialized '{resolution.Pin.Name}' at {resolution.Commit.ShortId} ({clock.ElapsedMilliseconds} ms)");
        }
        catch (Exception ex) when (ex is TesseraException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            this.Report(PinDiagnostic.Error(PinCodes.MaterializeFailed,
                $"Dataset '{resolution.Pin.Name}': copying commit {resolution.Commit.ShortId} to '{destination}' failed: {ex.Message} Check the disk space and permissions of obj/, or set Materialize=\"false\" to read the source repository instead."),
                location);
        }
    }

    /// <summary>Deletes materialized copies of datasets that are no longer pinned with Materialize, so they stop being copied to the output.</summary>
    private void RemoveUnpinnedCopies(IReadOnlyList<DatasetPin> pins)
    {
        if (!Directory.Exists(this.MaterializeDirectory))
            return;
        var kept = pins.Where(p => p.Materialize).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var stamp in Directory.EnumerateFiles(this.MaterializeDirectory, "*.stamp"))
        {
            var name = Path.GetFileNameWithoutExtension(stamp);
            if (kept.Contains(name))
                continue;
            File.Delete(stamp);
            if (Directory.Exists(Path.Combine(this.MaterializeDirectory, name)))
                Directory.Delete(Path.Combine(this.MaterializeDirectory, name), recursive: true);
        }
    }

    private void Report(PinDiagnostic diagnostic, ProjectPin? location)
    {
        int line = location?.Line ?? 0, column = location?.Column ?? 0;
        if (diagnostic.IsError)
            this.Log.LogError(null, diagnostic.Code, null, this.ProjectFile, line, column, 0, 0, diagnostic.Message);
        else
            this.Log.LogWarning(null, diagnostic.Code, null, this.ProjectFile, line, column, 0, 0, diagnostic.Message);
    }
}
