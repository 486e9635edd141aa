using System.CommandLine;
using Tessera.Formats.Hdf5;
using Tessera.Formats.Mapping;
using Tessera.Tool.Cli;
using Tessera.Tool.Output;

namespace Tessera.Tool.Commands;

/// <summary><c>import hdf5 FILE [--into GROUP] [--as-columns]</c> and <c>export hdf5 GROUP FILE [--rev REV]</c>.</summary>
internal static class Hdf5Commands
{
    public static Command CreateImport()
    {
        var file = new Argument<string>("FILE") { Description = "The HDF5 file (.h5, .hdf5) to read" };
        var into = new Option<string?>("--into") { Description = "New group for the file's root group (default: the file's name without extension)", HelpName = "group" };
        var asColumns = new Option<bool>("--as-columns") { Description = "Numeric datasets become columns (axis 0 indexes the samples, keys 0, 1, ...) instead of arrays" };
        var command = new Command("hdf5", "Stage an HDF5 file's groups, datasets (as arrays, chunked as in the file, or columns) and attributes under a new group (all or nothing)") { file, into, asColumns };
        return command.HandleWithWriter((context, _, writer) =>
        {
            string path = context.ResolveFile(context.Get(file));
            var options = new Hdf5ImportOptions { Into = context.Get(into), AsColumns = context.Get(asColumns) };
            var result = context.WithProgress($"import {Path.GetFileName(path)}", progress => Hdf5Importer.Import(writer, path, options, progress));
            if (context.Json)
            {
                context.WriteJson(w => MappingJson.WriteHdf5Import(w, result));
                return 0;
            }
            context.Out.WriteLine($"Imported {result.File} into {result.Into}: {result.Groups} group(s), {result.Arrays} array(s), {result.Columns} column(s), {Counts.Bytes(result.Bytes)}. Staged; run 'dotnet tensor commit -m MESSAGE' to record them.");
            return 0;
        });
    }

    public static Command CreateExport()
    {
        var path = Arguments.NodePath("Group to export, with everything under it");
        var file = new Argument<string>("FILE") { Description = "The HDF5 file to write (replaced if it exists)" };
        var revision = new Option<string?>("--rev") { Description = "Read at this commit, branch or tag (default: the staging area)", HelpName = "rev" };
        var command = new Command("hdf5", "Write a group as an HDF5 file: groups, arrays (chunked as stored), columns keyed 0..n-1 as datasets, attributes") { path, file, revision };
        return command.HandleWithRepository((context, repo) =>
        {
            string output = context.ResolveFile(context.Get(file));
            var options = new Hdf5ExportOptions { Revision = context.Get(revision) };
            var result = context.WithProgress($"export {Path.GetFileName(output)}", progress => Hdf5Exporter.Export(repo, context.Get(path), output, options, progress));
            if (context.Json)
            {
                context.WriteJson(w => MappingJson.WriteHdf5Export(w, result));
                return 0;
            }
            context.Out.WriteLine($"Exported {result.Path} {ExportCommands.From(result.Commit)} to {result.File}: {result.Groups} group(s), {result.Arrays} array(s), {result.Columns} column(s), {Counts.Bytes(result.Bytes)}.");
            if (result.SkippedColumns.Count > 0)
                context.Out.WriteLine($"Skipped {result.SkippedColumns.Count} column(s), which HDF5 datasets cannot hold as they are: {string.Join(", ", result.SkippedColumns)} (export them with 'dotnet tensor export parquet|npy').");
            return 0;
        });
    }
}
