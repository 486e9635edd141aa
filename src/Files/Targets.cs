using Tessera.Formats.Mapping;

namespace Tessera.Files;

/// <summary>The columns an import of files writes: the data column (<c>image</c> or <c>file</c>) and, with labels, <c>label</c>.</summary>
internal sealed class Targets
{
    private readonly WriteCheckout writer;
    private readonly string dataPath;
    private readonly string? labelPath;

    public Targets(WriteCheckout writer, string group, FilesImportOptions options)
    {
        this.writer = writer;
        this.dataPath = $"{group}/{(options.Raw ? FilesLayout.FileColumn : FilesLayout.ImageColumn)}";
        this.labelPath = options.Label ? $"{group}/{FilesLayout.LabelColumn}" : null;
        var columns = writer.Nodes.Where(n => n.Kind == NodeKind.Column).Select(n => n.Path).ToHashSet(StringComparer.Ordinal);
        this.Data = columns.Contains(this.dataPath) ? writer.Column(this.dataPath) : null;
        this.Label = this.labelPath is not null && columns.Contains(this.labelPath) ? writer.Column(this.labelPath) : null;
    }

    /// <summary>Null until it exists.</summary>
    public WritableColumn? Data { get; private set; }

    /// <summary>Null until it exists, and without labels.</summary>
    public WritableColumn? Label { get; private set; }

    public IReadOnlyList<string> Paths => this.labelPath is null ? [this.dataPath] : [this.dataPath, this.labelPath];

    /// <summary>Creates the columns that do not exist (checking those that do); returns the paths created.</summary>
    public List<string> Prepare(ColumnSchema dataSchema)
    {
        var wanted = new List<(string, ColumnSchema)> { (this.dataPath, dataSchema) };
        if (this.labelPath is not null)
            wanted.Add((this.labelPath, ColumnSchema.NDArray(DType.Int64)));
        var (columns, created) = ColumnTargets.Prepare(this.writer, wanted);
        this.Data = columns[0];
        this.Label = this.labelPath is null ? null : columns[1];
        return created;
    }

    /// <summary>Whether the samples under <paramref name="key"/> are still those the import recorded.</summary>
    public bool HasSamples(string key, ImportedFile record)
    {
        var (data, label) = this.IdsOf(key);
        return data is not null && data == record.DataId && label == record.LabelId;
    }

    public (string? Data, string? Label) IdsOf(string key) =>
        (this.Data?.IdOf(key)?.ToString(), this.Label?.IdOf(key)?.ToString());

    /// <summary>Removes the samples of a file that is gone.</summary>
    public void Remove(string key)
    {
        foreach (var column in new[] { this.Data, this.Label })
        {
            if (column?.Contains(key) == true)
                column.Remove(key);
        }
    }
}
