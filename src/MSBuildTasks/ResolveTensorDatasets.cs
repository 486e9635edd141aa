using System.Diagnostics;
using System.Text;
using Microsoft.Build.Framework;
using Tessera.Pins;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace Tessera.MSBuildTasks;

/// <summary>
/// Resolves a project's <c>TensorDataset</c> items (the same checks and words as
/// <c>dotnet tensor pin --check</c>), materializes those that ask for it, and writes the generated
/// source. Runs only when the project or a pinned repository changed (the targets' Inputs/Outputs).
/// Each pin is resolved by <see cref="ResolveTensorPin"/>, once per build for all projects that pin it.
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

    /// <summary>build/Tessera.ResolvePin.proj, built once per distinct pin in a build.</summary>
    [Required]
    public string ResolverProject { get; set; } = "";

    /// <summary>This assembly's path, for the resolver project's UsingTask.</summary>
    [Required]
    public string TasksAssembly { get; set; } = "";

    public override bool Execute()
    {
        // MSBuild hands relative paths over; the task's current folder is not the project's.
        var projectDirectory = Path.GetDirectoryName(this.ProjectFile)!;
        this.GeneratedFile = Path.GetFullPath(this.GeneratedFile, projectDirectory);
        this.MaterializeDirectory = Path.GetFullPath(this.MaterializeDirectory, projectDirectory);
        Directory.CreateDirectory(this.MaterializeDirectory);
        var pins = this.Datasets.Select(ToPin).ToList();
        var locations = ReadLocations(this.ProjectFile);
        foreach (var (name, error) in PinResolver.FindDuplicates(pins))
            this.Report(error, locations.GetValueOrDefault(name));
        var resolutions = this.Resolve(pins.DistinctBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToList());
        if (resolutions is null)
            return false;
        foreach (var resolution in resolutions)
        {
            var pin = resolution.Pin;
            foreach (var diagnostic in resolution.Diagnostics)
                this.Report(diagnostic, locations.GetValueOrDefault(pin.Name));
            if (!resolution.HasErrors && pin.Materialize)
                this.Materialize(resolution, locations.GetValueOrDefault(pin.Name));
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

    /// <summary>
    /// Resolves the pins. A pin without Repository or Commit fails its checks without reading anything,
    /// so it is resolved here; the others go through the resolver project. Null when MSBuild could not
    /// build that project (it has logged why).
    /// </summary>
    private List<PinResolution>? Resolve(IReadOnlyList<DatasetPin> pins)
    {
        var projectDirectory = Path.GetDirectoryName(this.ProjectFile)!;
        var shared = pins.Where(p => !string.IsNullOrWhiteSpace(p.Repository) && !string.IsNullOrWhiteSpace(p.Commit)).ToList();
        var resolved = shared.Count == 0 ? [] : this.ResolveShared(shared, projectDirectory);
        return resolved is null ? null : pins.Select(p => resolved.GetValueOrDefault(p) ?? PinResolver.Resolve(p, projectDirectory)).ToList();
    }

    /// <summary>Builds the resolver project once per pin, all in one request so that they can run in parallel.</summary>
    private Dictionary<DatasetPin, PinResolution>? ResolveShared(List<DatasetPin> pins, string projectDirectory)
    {
        var engine = (IBuildEngine6)this.BuildEngine;
        // Only the pin may tell requests apart: this project's own global properties (Configuration,
        // TargetFramework, solution properties) are removed, or projects built differently would not share.
        var inherited = engine.GetGlobalProperties().Keys.ToList();
        var result = engine.BuildProjectFilesInParallel(
            pins.Select(_ => this.ResolverProject).ToArray(),
            ["TesseraResolvePin"],
            pins.Select(p => (System.Collections.IDictionary)this.GlobalProperties(p, projectDirectory)).ToArray(),
            pins.Select(_ => (IList<string>)inherited).ToArray(),
            new string[pins.Count],
            returnTargetOutputs: true);
        if (!result.Result)
            return null;
        return pins.Select((pin, i) => (pin, item: result.TargetOutputsPerProject[i]["TesseraResolvePin"].Single()))
            .ToDictionary(r => r.pin, r => PinResolutionText.Read(Encoding.UTF8.GetString(Convert.FromBase64String(r.item.GetMetadata(ResolveTensorPin.TextMetadata))), r.pin));
    }

    /// <summary>The resolver project's global properties for a pin: the same text for every project that pins the same dataset.</summary>
    private Dictionary<string, string> GlobalProperties(DatasetPin pin, string projectDirectory) => new()
    {
        ["TesseraTasksAssembly"] = Path.GetFullPath(this.TasksAssembly, projectDirectory),
        ["TesseraPinName"] = pin.Name,
        ["TesseraPinRepository"] = Path.TrimEndingDirectorySeparator(Path.GetFullPath(pin.Repository!, projectDirectory)),
        ["TesseraPinCommit"] = pin.Commit!,
        ["TesseraPinBranch"] = pin.Branch ?? "",
        ["TesseraPinColumns"] = string.Join(',', pin.Columns),
        ["TesseraPinVerifyData"] = pin.VerifyData ? "true" : "false",
    };

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
            this.Log.LogError(null, diagnostic.Code, null, this.ProjectFile, line, column, 0, 0, PinAdvice.Text(diagnostic));
        else
            this.Log.LogWarning(null, diagnostic.Code, null, this.ProjectFile, line, column, 0, 0, PinAdvice.Text(diagnostic));
    }
}
