namespace Tessera.Files;

/// <summary>How to import a folder of files.</summary>
public sealed record FilesImportOptions
{
    /// <summary>The group that gets the columns <c>image</c> (or <c>file</c>) and <c>label</c>.</summary>
    public required string Into { get; init; }

    /// <summary>Keep each file's bytes as they are (a bytes column <c>file</c>) instead of decoding images.</summary>
    public bool Raw { get; init; }

    /// <summary>Keep alpha: 4 channels (RGBA) instead of 3 (RGB).</summary>
    public bool Alpha { get; init; }

    /// <summary>A label column from each file's class folder, the folder under the imported one (ImageFolder's layout: DIR/CLASS/.../file).</summary>
    public bool Label { get; init; }

    /// <summary>A new image column of variable shape (images of different sizes) instead of a fixed one.</summary>
    public bool VariableShape { get; init; }

    /// <summary>Leave out files that cannot be decoded (listed in the result) instead of refusing the import.</summary>
    public bool SkipBad { get; init; }

    /// <summary>What decides a sample's content, so a record of an import made another way is not reused.</summary>
    internal string Mode => (this.Raw ? "raw" : this.Alpha ? "rgba" : "rgb") + (this.Label ? "+label" : "");
}

/// <summary>A file left out, and why.</summary>
/// <param name="Path">Relative to the imported folder, '/'-separated.</param>
public sealed record BadFile(string Path, string Reason);

/// <summary>What an import of a folder staged.</summary>
/// <param name="Files">Files found.</param>
/// <param name="Staged">Files staged (new or changed).</param>
/// <param name="Unchanged">Files the last import staged that did not change since (not read again, or read and found equal).</param>
/// <param name="Removed">Keys removed because their file is gone since the last import of this folder.</param>
/// <param name="Bytes">Sample bytes staged.</param>
/// <param name="Classes">With a label column: class names, index i is label i.</param>
/// <param name="Skipped">Files left out by <see cref="FilesImportOptions.SkipBad"/>.</param>
public sealed record FilesImportResult(string Directory, string Into, int Files, int Staged, int Unchanged, int Removed, long Bytes,
    IReadOnlyList<string> Columns, IReadOnlyList<string> ColumnsCreated, IReadOnlyList<string> Classes, IReadOnlyList<BadFile> Skipped);
