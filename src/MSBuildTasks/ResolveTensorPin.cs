using System.Diagnostics;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Tessera.Pins;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace Tessera.MSBuildTasks;

/// <summary>
/// Resolves (and verifies) one pin for a whole build. The targets never call it: ResolveTensorDatasets
/// builds build/Tessera.ResolvePin.proj with the pin as its global properties, and MSBuild builds a
/// project once per set of global properties in a build, serving every later request, from any node,
/// out of its result cache (see docs/msbuild.md, "Incremental builds").
/// </summary>
public sealed class ResolveTensorPin : MSBuildTask
{
    /// <summary>Metadata of <see cref="Resolution"/> that holds the resolution.</summary>
    internal const string TextMetadata = "Text";

    [Required]
    public string Name { get; set; } = "";

    /// <summary>The repository folder, absolute: every project that pins it asks with the same text.</summary>
    [Required]
    public string Repository { get; set; } = "";

    [Required]
    public string Commit { get; set; } = "";

    public string? Branch { get; set; }

    /// <summary>The pin's columns, <c>,</c>-separated.</summary>
    public string? Columns { get; set; }

    public bool VerifyData { get; set; }

    [Output]
    public ITaskItem? Resolution { get; private set; }

    public override bool Execute()
    {
        var pin = new DatasetPin(this.Name, this.Repository, this.Commit, this.Branch is { Length: > 0 } branch ? branch : null, DatasetPin.ParseColumns(this.Columns))
        {
            VerifyData = this.VerifyData,
        };
        var clock = Stopwatch.StartNew();
        var resolution = PinResolver.Resolve(pin, this.Repository);
        if (resolution.Commit is { } commit)
        {
            this.Log.LogMessage(MessageImportance.High,
                $"Tessera: dataset '{pin.Name}' -> {commit.ShortId}, {resolution.Nodes.Count} node(s){(pin.VerifyData ? ", data verified" : "")} ({clock.ElapsedMilliseconds} ms)");
        }
        // Base64: MSBuild may rewrite '\' in metadata on Unix and expands '%xx', and JSON has both.
        var text = Convert.ToBase64String(Encoding.UTF8.GetBytes(PinResolutionText.Write(resolution)));
        this.Resolution = new TaskItem(pin.Name, new Dictionary<string, string> { [TextMetadata] = text });
        return true;
    }
}
