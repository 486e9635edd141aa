using System.CommandLine;
using Tessera.Formats.Mapping;
using Tessera.Formats.Parquet.Reading;
using Tessera.Tool.Cli;
using Tessera.Tool.Output;

namespace Tessera.Tool.Commands;

/// <summary><c>import parquet|npy|npz|csv FILE --into PATH [--key COLUMN] [--columns a,b] [--types col=type] [--rename from=to]</c>.</summary>
internal static class ImportCommands
{
    private delegate ImportResult Importer(WriteCheckout writer, string file, ImportOptions options, IProgress<double>? progress);

    public static Command Create() => new("import", "Stage a Parquet, .npy, .npz or CSV file's data as columns, a Zarr store, an HDF5 file, or a folder of files (all or nothing; commit afterwards)")
    {
        Format("parquet", "Each Parquet column becomes a column of the group PATH, each row a key", ParquetImporter.Import, keyed: true),
        Format("npy", "An .npy array becomes the column PATH: axis 0 indexes the samples, keys 0, 1, ...", NpyImporter.ImportNpy, keyed: false),
        Format("npz", "Each .npz member becomes a column of the group PATH (axis 0 indexes the samples)", NpyImporter.ImportNpz, keyed: false),
        Format("csv", "Each CSV column (int64, float64 or string) becomes a column of the group PATH, each row a key", CsvImporter.Import, keyed: true),
        ZarrCommands.CreateImport(),
        FilesCommands.CreateImport(),
        Hdf5Commands.CreateImport(),
    };

    private static Command Format(string name, string description, Importer import, bool keyed)
    {
        var file = new Argument<string>("FILE") { Description = $"The .{name} file to read" };
        var into = new Option<string>("--into") { Description = name == "npy" ? "Column to create or add to" : "Group to create the columns in", HelpName = "path", Required = true };
        var key = new Option<string?>("--key") { Description = "Column whose values (integers ≥ 0 or strings) are the keys; default: the row index", HelpName = "column" };
        var columns = new Option<string?>("--columns") { Description = name == "npz" ? "Only these members, comma-separated" : "Only these columns, comma-separated", HelpName = "a,b" };
        var rename = new Option<string[]>("--rename") { Description = "Import a column under another name: FROM=TO, repeatable ('my col=my_col'); export writes the original name back", HelpName = "from=to", AllowMultipleArgumentsPerToken = false };
        var maxPage = new Option<int?>("--max-page-mib") { Description = "Largest decompressed Parquet page accepted, in MiB (default 256)", HelpName = "mib" };
        var maxRowGroup = new Option<int?>("--max-row-group-mib") { Description = "Largest decoded Parquet row group accepted, in MiB (default 4096)", HelpName = "mib" };
        var types = new Option<string?>("--types") { Description = "Column types instead of the inferred ones: COLUMN=str|int64|float64, comma-separated (zip=str keeps 00501)", HelpName = "col=type" };
        var command = new Command(name, description) { file, into };
        if (keyed)
            command.Options.Add(key);
        if (name != "npy")
            command.Options.Add(columns);
        if (name == "csv")
            command.Options.Add(types);
        if (name == "parquet")
        {
            command.Options.Add(rename);
            command.Options.Add(maxPage);
            command.Options.Add(maxRowGroup);
        }
        return command.HandleWithWriter((context, _, writer) =>
        {
            var options = new ImportOptions
            {
                Into = context.Get(into),
                Key = keyed ? context.Get(key) : null,
                Columns = context.Get(columns)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Types = context.Get(types) is { } typed ? CsvImporter.ParseTypes(typed) : null,
                Rename = context.Get(rename) is { Length: > 0 } renamed ? Renames.Parse(renamed) : null,
                ParquetLimits = Limits(context.Get(maxPage), context.Get(maxRowGroup)),
            };
            string path = context.ResolveFile(context.Get(file));
            var result = context.WithProgress($"import {Path.GetFileName(path)}", progress => import(writer, path, options, progress));
            if (context.Json)
            {
                context.WriteJson(w => MappingJson.WriteImport(w, result));
                return 0;
            }
            string staged = result.Staged == result.Samples ? "Staged; run 'dotnet tensor commit -m MESSAGE' to record them."
                : result.Staged == 0 ? "Every key already held its sample: nothing was staged."
                : $"{result.Staged} of them changed and are staged; the other keys already held theirs. Run 'dotnet tensor commit -m MESSAGE' to record them.";
            context.Out.WriteLine($"Imported {result.Rows} row(s) of {result.File} into {result.Into}: {result.Samples} sample(s), {Counts.Bytes(result.Bytes)} in {result.Columns.Count} column(s) ({result.ColumnsCreated.Count} new). {staged}");
            return 0;
        });
    }

    private static ParquetReaderOptions Limits(int? pageMib, int? rowGroupMib)
    {
        var limits = new ParquetReaderOptions();
        if (pageMib is { } page)
        {
            if (page is < 1 or > 2047)
                throw new InvalidInputException(ErrorCode.Usage, $"--max-page-mib {page} is out of range: a page is 1 to 2047 MiB.");
            limits = limits with { MaxPageBytes = page << 20 };
        }
        if (rowGroupMib is { } rowGroup)
        {
            if (rowGroup < 1)
                throw new InvalidInputException(ErrorCode.Usage, $"--max-row-group-mib {rowGroup} is out of range: give at least 1.");
            limits = limits with { MaxRowGroupBytes = (long)rowGroup << 20 };
        }
        return limits;
    }
}
