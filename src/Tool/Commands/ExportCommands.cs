using System.CommandLine;
using Tessera.Formats.Mapping;
using Tessera.Formats.NumPy;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Tool.Cli;
using Tessera.Tool.Output;

namespace Tessera.Tool.Commands;

/// <summary><c>export parquet|npy|npz|csv PATH FILE [--rev REV] [--columns a,b] [--compression ...]</c>.</summary>
internal static class ExportCommands
{
    private delegate ExportResult Exporter(Repository repo, string path, string file, ExportOptions options, IProgress<double>? progress);

    public static Command Create() => new("export", "Write a group's (or a column's) samples, as staged or at a commit, to a Parquet, .npy, .npz or CSV file")
    {
        Format("parquet", "One row per key of the group's columns (null where a column lacks it), shapes kept for an exact re-import", ParquetExporter.Export, "snappy|zstd|gzip|none"),
        Format("npy", "The column PATH as one array: axis 0 is the keys 0, 1, ... in order", NpyExporter.ExportNpy, codecs: null),
        Format("npz", "Each column of the group PATH as a member array", NpyExporter.ExportNpz, "none|deflate"),
        Format("csv", "One row per key of the group's scalar columns (empty where a column lacks it)", CsvExporter.Export, codecs: null),
        ZarrCommands.CreateExport(),
        FilesCommands.CreateExport(),
        Hdf5Commands.CreateExport(),
    };

    private static Command Format(string name, string description, Exporter export, string? codecs)
    {
        var path = Arguments.NodePath(name == "npy" ? "Column to export" : "Group (or column) to export");
        var file = new Argument<string>("FILE") { Description = $"The .{name} file to write (replaced if it exists)" };
        var revision = new Option<string?>("--rev") { Description = "Read at this commit, branch or tag (default: the staging area)", HelpName = "rev" };
        var compression = new Option<string?>("--compression") { Description = $"Compression: {codecs}", HelpName = codecs };
        var columns = new Option<string?>("--columns") { Description = "Only these columns of the group, in this order (default: all, by name)", HelpName = "a,b" };
        var command = new Command(name, description) { path, file, revision };
        if (codecs is not null)
            command.Options.Add(compression);
        if (name != "npy")
            command.Options.Add(columns);
        return command.HandleWithRepository((context, repo) =>
        {
            var options = new ExportOptions
            {
                Revision = context.Get(revision),
                Columns = context.Get(columns)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            };
            if (context.Get(compression) is { } chosen)
                options = name == "npz" ? options with { NpzCompression = ParseNpz(chosen) } : options with { ParquetCompression = ParseParquet(chosen) };
            string target = context.ResolveFile(context.Get(file));
            var result = context.WithProgress($"export {Path.GetFileName(target)}", progress => export(repo, context.Get(path), target, options, progress));
            if (OutputFile.IsStandardOutput(target))
                return 0; // stdout holds the file alone
            if (context.Json)
            {
                context.WriteJson(w => MappingJson.WriteExport(w, result));
                return 0;
            }
            context.Out.WriteLine($"Exported {result.Path} {From(result.Commit)} to {result.File}: {result.Rows} row(s), {result.Samples} sample(s), {Counts.Bytes(result.Bytes)} from {result.Columns.Count} column(s).");
            return 0;
        });
    }

    /// <summary>"at COMMIT" or "from the staging area", for the summary of an export.</summary>
    internal static string From(string? commit) => commit is null ? "from the staging area" : $"at {commit[..12]}";

    private static CompressionCodec ParseParquet(string codec) => codec.ToLowerInvariant() switch
    {
        "snappy" => CompressionCodec.Snappy,
        "zstd" => CompressionCodec.Zstd,
        "gzip" => CompressionCodec.Gzip,
        "none" => CompressionCodec.Uncompressed,
        _ => throw new InvalidInputException(ErrorCode.Usage, $"Unknown Parquet codec '{codec}'. Use snappy, zstd, gzip or none."),
    };

    private static NpzCompression ParseNpz(string codec) => codec.ToLowerInvariant() switch
    {
        "none" => NpzCompression.Stored,
        "deflate" => NpzCompression.Deflated,
        _ => throw new InvalidInputException(ErrorCode.Usage, $"Unknown .npz codec '{codec}'. Use none (as np.savez) or deflate (as np.savez_compressed)."),
    };
}
