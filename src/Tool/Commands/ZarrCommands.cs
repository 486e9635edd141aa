using System.CommandLine;
using Tessera.Formats.Mapping;
using Tessera.Formats.Zarr;
using Tessera.Tool.Cli;
using Tessera.Tool.Output;

namespace Tessera.Tool.Commands;

/// <summary><c>import zarr DIR --into PATH</c> and <c>export zarr PATH DIR</c>: Zarr v3 directory stores.</summary>
internal static class ZarrCommands
{
    public static Command CreateImport()
    {
        var directory = new Argument<string>("DIR") { Description = "The Zarr v3 store: the folder holding the root zarr.json" };
        var into = new Option<string>("--into") { Description = "New path for the store's root group or array", HelpName = "path", Required = true };
        var command = new Command("zarr", "Stage a Zarr v3 store's groups and arrays (with attributes) under a new path (all or nothing)") { directory, into };
        return command.HandleWithWriter((context, _, writer) =>
        {
            string store = context.ResolveFile(context.Get(directory));
            var result = context.WithProgress($"import {Path.GetFileName(store)}", progress => ZarrImporter.Import(writer, store, context.Get(into), progress));
            if (context.Json)
            {
                context.WriteJson(w => MappingJson.WriteZarrImport(w, result));
                return 0;
            }
            context.Out.WriteLine($"Imported {result.Directory} into {result.Into}: {result.Groups} group(s), {result.Arrays} array(s), {result.Chunks} chunk file(s), {Counts.Bytes(result.Bytes)}. Staged; run 'dotnet tensor commit -m MESSAGE' to record them.");
            return 0;
        });
    }

    public static Command CreateExport()
    {
        var path = Arguments.NodePath("Group (exported with everything in it; / for the whole dataset) or array to export");
        var directory = new Argument<string>("DIR") { Description = "New or empty folder for the Zarr v3 store" };
        var revision = new Option<string?>("--rev") { Description = "Read at this commit, branch or tag (default: the staging area)", HelpName = "rev" };
        var compression = new Option<string>("--compression") { Description = "Chunk compression: gzip or none", HelpName = "gzip|none", DefaultValueFactory = _ => "gzip" };
        compression.AcceptOnlyFromAmong("gzip", "none");
        var command = new Command("zarr", "Write a group or array as a Zarr v3 directory store (columns of fixed-shape samples become arrays along a key axis)") { path, directory, revision, compression };
        return command.HandleWithRepository((context, repo) =>
        {
            string store = context.ResolveFile(context.Get(directory));
            var options = new ZarrExportOptions { Revision = context.Get(revision), Gzip = context.Get(compression) == "gzip" };
            var result = context.WithProgress($"export {Path.GetFileName(store)}", progress => ZarrExporter.Export(repo, context.Get(path), store, options, progress));
            if (context.Json)
            {
                context.WriteJson(w => MappingJson.WriteZarrExport(w, result));
                return 0;
            }
            context.Out.WriteLine($"Exported {result.Path} {ExportCommands.From(result.Commit)} to {result.Directory}: {result.Groups} group(s), {result.Arrays} array(s), {result.Chunks} chunk file(s), {Counts.Bytes(result.Bytes)}.");
            if (result.SkippedColumns.Count > 0)
                context.Out.WriteLine($"Skipped {result.SkippedColumns.Count} column(s) with no array form (not numbers of one fixed shape, or nested): {string.Join(", ", result.SkippedColumns)} (export them with 'dotnet tensor export parquet|npy').");
            return 0;
        });
    }
}
