using System.CommandLine;
using Tessera.Files;
using Tessera.Tool.Cli;
using Tessera.Tool.Output;

namespace Tessera.Tool.Commands;

/// <summary><c>import files DIR --into GROUP [--raw] [--label] [--alpha] [--variable-shape] [--skip-bad]</c> and <c>export files GROUP DIR</c>.</summary>
internal static class FilesCommands
{
    public static Command CreateImport()
    {
        var directory = new Argument<string>("DIR") { Description = "The folder of files (ImageFolder layout with --label: DIR/CLASS/file)" };
        var into = new Option<string>("--into") { Description = "Group to create the columns image (or file) and label in", HelpName = "group", Required = true };
        var raw = new Option<bool>("--raw") { Description = "Keep each file's bytes (column 'file') instead of decoding images" };
        var label = new Option<bool>("--label") { Description = "Add the int64 column 'label' from each file's class folder, DIR/CLASS/... (class names in the group's 'classes' attribute)" };
        var alpha = new Option<bool>("--alpha") { Description = "Keep alpha: (H, W, 4) RGBA images instead of (H, W, 3) RGB" };
        var variable = new Option<bool>("--variable-shape") { Description = "Create the image column with a variable shape, for images of different sizes" };
        var skipBad = new Option<bool>("--skip-bad") { Description = "Leave out files that cannot be decoded (listed) instead of refusing the import" };
        var command = new Command("files", "Stage a folder of PNG/JPEG/BMP/WebP images (or any files, --raw) as samples, one key per file; a re-import stages only changed files")
        {
            directory, into, raw, label, alpha, variable, skipBad,
        };
        return command.HandleWithWriter((context, repo, writer) =>
        {
            var options = new FilesImportOptions
            {
                Into = context.Get(into),
                Raw = context.Get(raw),
                Label = context.Get(label),
                Alpha = context.Get(alpha),
                VariableShape = context.Get(variable),
                SkipBad = context.Get(skipBad),
            };
            if (options.Raw && (options.Alpha || options.VariableShape))
                throw new InvalidInputException(ErrorCode.Usage, "--alpha and --variable-shape shape decoded images; --raw keeps the files' bytes. Leave one out.");
            string folder = context.ResolveFile(context.Get(directory));
            var result = context.WithProgress($"import {Path.GetFileName(Path.TrimEndingDirectorySeparator(folder))}", progress => FilesImporter.Import(repo, writer, folder, options, progress));
            if (context.Json)
            {
                context.WriteJson(w => FilesJson.WriteImport(w, result));
                return 0;
            }
            context.Out.WriteLine($"Imported {result.Files} file(s) of {result.Directory} into {result.Into}: {result.Staged} staged, {result.Unchanged} unchanged, {result.Removed} removed, {Counts.Bytes(result.Bytes)}.");
            if (result.Classes.Count > 0)
                context.Out.WriteLine($"Classes (label 0, 1, ...): {string.Join(", ", result.Classes)}.");
            foreach (var bad in result.Skipped)
                context.Out.WriteLine($"Skipped {bad.Path}: {bad.Reason}.");
            context.Out.WriteLine(result.Staged + result.Removed > 0 ? "Staged; run 'dotnet tensor commit -m MESSAGE' to record them." : "Nothing changed since the last import.");
            return 0;
        });
    }

    public static Command CreateExport()
    {
        var group = Arguments.NodePath("The group 'import files' made");
        var directory = new Argument<string>("DIR") { Description = "New or empty folder for the files" };
        var revision = new Option<string?>("--rev") { Description = "Read at this commit, branch or tag (default: the staging area)", HelpName = "rev" };
        var command = new Command("files", "Write a group of files back as a folder: keys become relative paths, images PNG files, raw bytes as stored") { group, directory, revision };
        return command.HandleWithRepository((context, repo) =>
        {
            string folder = context.ResolveFile(context.Get(directory));
            var result = context.WithProgress($"export {Path.GetFileName(Path.TrimEndingDirectorySeparator(folder))}", progress => FilesExporter.Export(repo, context.Get(group), folder, context.Get(revision), progress));
            if (context.Json)
            {
                context.WriteJson(w => FilesJson.WriteExport(w, result));
                return 0;
            }
            context.Out.WriteLine($"Exported {result.Path} {ExportCommands.From(result.Commit)} to {result.Directory}: {result.Files} file(s), {Counts.Bytes(result.Bytes)}.");
            return 0;
        });
    }
}
