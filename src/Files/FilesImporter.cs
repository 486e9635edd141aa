using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Tessera.Formats.Mapping;

namespace Tessera.Files;

/// <summary>
/// Stages a folder of files as samples of a group, one key per file (<see cref="FileKeys"/>): images decoded into
/// the uint8 (H, W, C) column <c>image</c> (<see cref="ImageCodec"/>), or the bytes as they are in the column
/// <c>file</c>; with <see cref="FilesImportOptions.Label"/> also the int64 column <c>label</c>, the index of the
/// file's class folder (the folder under the imported one) in the group's <c>classes</c> attribute. Files are read, hashed and decoded on all cores.
/// Like <c>git add</c>, a re-import reads only files whose size or time changed and stages only those whose content
/// changed (<see cref="ImportState"/>); keys of files gone since are removed. All or nothing: bad files are refused
/// before anything is staged (or left out with <see cref="FilesImportOptions.SkipBad"/>), and staging runs as one
/// operation, so an image found damaged while decoding rolls everything back.
/// </summary>
public static class FilesImporter
{
    private const double ProbeShare = 0.2;

    /// <summary>Files decoded and staged together: enough to keep every core busy...</summary>
    private const int BatchFiles = 1024;

    /// <summary>... and few enough to bound the memory: a batch holds at most this many sample bytes (or one sample).</summary>
    private const long BatchBytes = 64 << 20;

    public static FilesImportResult Import(Repository repo, WriteCheckout writer, string directory, FilesImportOptions options, IProgress<double>? progress = null)
    {
        string group = Names.NormalizePath(options.Into);
        ColumnTargets.RequireGroup(writer, group);
        string root = Path.GetFullPath(directory);
        var scanned = FolderScan.Scan(root);
        if (scanned.Count == 0)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"'{directory}' holds no files to import (names starting with '.' are left out).");
        var files = scanned.Select(f => new Entry(f, KeyOf(f), options.Label ? ClassOf(f) : null)).ToList();
        var state = ImportState.Load(repo, group, root, options.Mode);
        var targets = new Targets(writer, group, options);

        Probe(files, state, targets, options, DirectProgress.Part(progress, 0, ProbeShare));
        // In key order, so the staging log needs no sorting at commit.
        var changed = files.Where(f => f.Changed && f.Bad is null).OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
        if (files.Any(f => f.Bad is not null) && !options.SkipBad)
        {
            // Refused, but decoded first, so the message lists the damaged images too, not only those whose header is bad.
            Stage(changed, null, [], options, DirectProgress.Part(progress, ProbeShare, 1 - ProbeShare));
            throw Refused(BadFiles(files));
        }
        var present = files.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var gone = state.Files.Keys.Where(k => !present.Contains(k) && targets.Data?.Contains(k) == true).ToList();

        var classes = ExistingClasses(writer, group);
        foreach (var name in changed.Select(f => f.Class!).Where(c => c is not null && !classes.Contains(c)).Distinct().Order(StringComparer.Ordinal))
            classes.Add(name);
        var created = new List<string>();
        long bytes = 0;
        using (var operation = writer.BeginOperation($"import files {Path.GetFileName(Path.TrimEndingDirectorySeparator(root))}"))
        {
            if (changed.Count > 0)
            {
                created = targets.Prepare(DataSchema(changed, targets.Data?.Schema, options));
                if (options.Label)
                    writer.SetAttribute(group, FilesLayout.ClassesAttribute, new JsonArray([.. classes.Select(c => JsonValue.Create(c))]));
                bytes = Stage(changed, targets, classes, options, DirectProgress.Part(progress, ProbeShare, 1 - ProbeShare));
            }
            foreach (var key in gone)
                targets.Remove(key);
            if (files.Any(f => f.Bad is not null) && !options.SkipBad)
                throw Refused(BadFiles(files));
            operation.Complete();
        }
        progress?.Report(1);
        Record(state, files, targets).Save(repo, group);
        return new FilesImportResult(directory, group, files.Count, changed.Count(f => f.Bad is null), files.Count(f => !f.Changed), gone.Count, bytes,
            targets.Paths, created, options.Label ? classes : [], BadFiles(files));
    }

    /// <summary>
    /// Finds the files that changed since the last import, and the size of each changed image (from its header).
    /// A file whose size and time match the record, and whose samples are still the ones staged from it, is not read.
    /// </summary>
    private static void Probe(List<Entry> files, ImportState state, Targets targets, FilesImportOptions options, IProgress<double>? progress)
    {
        int done = 0;
        SampleStager.For(files.Count, i =>
        {
            var entry = files[i];
            var record = state.Files.GetValueOrDefault(entry.Key);
            bool samplesAsStaged = record is not null && targets.HasSamples(entry.Key, record);
            entry.Record = samplesAsStaged ? record : null;
            if (entry.Record is { } r && r.Size == entry.File.Size && r.Modified == entry.File.Modified)
            {
                entry.Changed = false;
            }
            else if (entry.Record is not null || !options.Raw)
            {
                var content = Read(entry.File);
                if (entry.Record is { } known && known.Sha256 == Hash(content))
                    entry.Changed = false;
                else if (!options.Raw)
                    entry.Size = Check(entry, () => ImageCodec.Probe(content));
            }
            int count = Interlocked.Increment(ref done);
            if (count % 64 == 0)
                progress?.Report((double)count / files.Count);
        });
    }

    /// <summary>
    /// Reads, hashes, decodes and stages the changed files on all cores, marking those that fail to decode as bad;
    /// returns the sample bytes staged. Without <paramref name="targets"/> it only decodes (to find the bad ones).
    /// Files go in batches (<see cref="Batches"/>), each decoded in parallel and staged in one call, which runs while
    /// the next batch decodes: the staging's serial parts (copies, writes) would otherwise leave a core idle.
    /// </summary>
    private static long Stage(List<Entry> changed, Targets? targets, List<string> classes, FilesImportOptions options, IProgress<double>? progress)
    {
        int channels = options.Alpha ? 4 : 3;
        bool packed = !options.Raw && targets?.Data is { Schema.VariableShape: false };
        // Two batches' pixels at most: one decoding, one staging.
        var buffers = new byte[]?[2];
        long bytes = 0;
        int done = 0, turn = 0;
        Task<long>? staging = null;
        try
        {
            foreach (var batch in Batches(changed, channels, options.Raw))
            {
                var decoded = Decode(batch, channels, options.Raw, packed ? buffers : null, turn++ % 2);
                bytes += Finish(ref staging);
                if (targets is not null)
                    staging = Task.Run(() => StageBatch(batch, decoded, targets, classes, options));
                done += batch.Count;
                progress?.Report((double)done / changed.Count);
            }
            return bytes + Finish(ref staging);
        }
        finally
        {
            // A file that cannot be read: the batch in hand finishes staging (or failing) before the operation rolls back.
            if (staging is not null)
                ((IAsyncResult)staging).AsyncWaitHandle.WaitOne();
        }
    }

    private static long Finish(ref Task<long>? staging)
    {
        var task = staging;
        staging = null;
        return task?.GetAwaiter().GetResult() ?? 0;
    }

    /// <summary>
    /// A batch read, hashed and decoded on all cores. Fixed-shape images are decoded back to back into
    /// <paramref name="buffers"/>[<paramref name="slot"/>] (grown when too small, kept for the batch after next);
    /// bad ones are then closed up, so the pixels of the good ones lie in key order.
    /// </summary>
    private static DecodedBatch Decode(List<Entry> batch, int channels, bool raw, byte[]?[]? buffers, int slot)
    {
        var samples = new byte[batch.Count][];
        var shapes = new int[batch.Count][];
        int[]? offsets = null;
        if (buffers is not null)
        {
            offsets = new int[batch.Count + 1];
            for (int i = 0; i < batch.Count; i++)
                offsets[i + 1] = checked(offsets[i] + (batch[i].Size.Height * batch[i].Size.Width * channels));
            if (buffers[slot] is not { } held || held.Length < offsets[^1])
                buffers[slot] = GC.AllocateUninitializedArray<byte>(offsets[^1]);
        }
        var pixels = buffers?[slot];
        SampleStager.For(batch.Count, i =>
        {
            var entry = batch[i];
            var content = Read(entry.File);
            entry.Sha256 = Hash(content);
            if (raw)
            {
                samples[i] = content;
                return;
            }
            try
            {
                if (pixels is not null)
                {
                    ImageCodec.Decode(content, channels, entry.Size, pixels.AsSpan(offsets![i], offsets[i + 1] - offsets[i]));
                    return;
                }
                var (decoded, size) = ImageCodec.Decode(content, channels);
                (samples[i], shapes[i]) = (decoded, [size.Height, size.Width, channels]);
            }
            catch (ImageDecodeException e)
            {
                entry.Bad = e.Message;
            }
        });
        if (pixels is null)
            return new DecodedBatch(samples, shapes, null, 0);
        int length = 0;
        for (int i = 0; i < batch.Count; i++)
        {
            int size = offsets![i + 1] - offsets[i];
            if (batch[i].Bad is not null)
                continue;
            if (offsets[i] != length)
                pixels.AsSpan(offsets[i], size).CopyTo(pixels.AsSpan(length));
            length += size;
        }
        return new DecodedBatch(samples, shapes, pixels, length);
    }

    /// <summary>Consecutive runs of at most <see cref="BatchFiles"/> files and <see cref="BatchBytes"/> sample bytes (sizes from the headers, or the files').</summary>
    private static IEnumerable<List<Entry>> Batches(List<Entry> changed, int channels, bool raw)
    {
        var batch = new List<Entry>();
        long bytes = 0;
        foreach (var entry in changed)
        {
            long size = raw ? entry.File.Size : (long)entry.Size.Height * entry.Size.Width * channels;
            if (batch.Count > 0 && (batch.Count == BatchFiles || bytes + size > BatchBytes))
            {
                yield return batch;
                (batch, bytes) = ([], 0);
            }
            batch.Add(entry);
            bytes += size;
        }
        if (batch.Count > 0)
            yield return batch;
    }

    /// <summary>
    /// Stages a batch's decoded samples (those not bad): a fixed shape or bytes back to back in one call, whose
    /// hashing the engine spreads over the cores; a variable shape sample by sample, on all cores.
    /// </summary>
    private static long StageBatch(List<Entry> batch, DecodedBatch decoded, Targets targets, List<string> classes, FilesImportOptions options)
    {
        var good = Enumerable.Range(0, batch.Count).Where(i => batch[i].Bad is null).ToList();
        var keys = good.Select(i => SampleKey.Of(batch[i].Key)).ToArray();
        var data = targets.Data!;
        long bytes;
        if (decoded.Pixels is not null)
        {
            data.AddRange<byte>(keys, decoded.Pixels.AsMemory(0, decoded.PixelsLength));
            bytes = decoded.PixelsLength;
        }
        else if (options.Raw)
        {
            var offsets = new int[good.Count + 1];
            for (int k = 0; k < good.Count; k++)
                offsets[k + 1] = checked(offsets[k] + decoded.Samples[good[k]].Length);
            var buffer = GC.AllocateUninitializedArray<byte>(offsets[^1]);
            for (int k = 0; k < good.Count; k++)
                decoded.Samples[good[k]].CopyTo(buffer, offsets[k]);
            data.AddBytesRange(keys, buffer, offsets);
            bytes = buffer.Length;
        }
        else
        {
            SampleStager.For(good.Count, k => data.Add(keys[k], DType.UInt8, decoded.Samples[good[k]], decoded.Shapes[good[k]]));
            bytes = good.Sum(i => (long)decoded.Samples[i].Length);
        }
        if (options.Label)
            targets.Label!.AddRange<long>(keys, good.Select(i => (long)classes.IndexOf(batch[i].Class!)).ToArray());
        return bytes;
    }

    /// <summary>The image column's schema: one size is a fixed shape; several need a variable-shape column (asked for, or existing).</summary>
    private static ColumnSchema DataSchema(List<Entry> changed, ColumnSchema? existing, FilesImportOptions options)
    {
        if (options.Raw)
            return ColumnSchema.Bytes();
        int channels = options.Alpha ? 4 : 3;
        var sizes = changed.GroupBy(f => f.Size).ToList();
        if (existing is { VariableShape: false } && existing.Shape.Count == 3
            && changed.FirstOrDefault(f => f.Size != new ImageSize(existing.Shape[0], existing.Shape[1])) is { } odd)
        {
            throw new InvalidInputException(ErrorCode.ShapeMismatch,
                $"{odd.File.RelativePath} is {Describe(odd.Size)}, but the column {existing} holds {existing.Shape[1]}×{existing.Shape[0]} images. "
                + "Resize the images, or import into another group (--into) with --variable-shape; nothing was imported.");
        }
        bool variable = options.VariableShape || existing is { VariableShape: true };
        if (sizes.Count > 1 && !variable)
        {
            string examples = string.Join(", ", sizes.Take(4).Select(g => $"{g.First().File.RelativePath} is {Describe(g.Key)}"));
            throw new InvalidInputException(ErrorCode.ShapeMismatch,
                $"The images differ in size ({examples}{(sizes.Count > 4 ? $", {sizes.Count - 4} more sizes" : "")}), and a fixed-shape column holds one size. "
                + "Import them with --variable-shape (a column of images of any size up to the largest), or resize them; nothing was imported.");
        }
        if (!variable)
            return ColumnSchema.NDArray(DType.UInt8, sizes[0].Key.Height, sizes[0].Key.Width, channels);
        int height = changed.Max(f => f.Size.Height), width = changed.Max(f => f.Size.Width);
        if (existing is { VariableShape: true } && existing.Shape.Count == 3)
            (height, width) = (Math.Max(height, existing.Shape[0]), Math.Max(width, existing.Shape[1]));
        return ColumnSchema.VariableNDArray(DType.UInt8, height, width, channels);
    }

    private static string Describe(ImageSize size) => $"{size.Width}×{size.Height}";

    private static ImportState Record(ImportState old, List<Entry> files, Targets targets)
    {
        var state = ImportState.Empty(old.Directory, old.Mode);
        foreach (var entry in files.Where(f => f.Bad is null))
        {
            if (!entry.Changed)
                state.Files[entry.Key] = entry.Record! with { Size = entry.File.Size, Modified = entry.File.Modified };
            else if (targets.IdsOf(entry.Key) is var (data, label) && data is not null)
                state.Files[entry.Key] = new ImportedFile(entry.File.Size, entry.File.Modified, entry.Sha256!, data, label);
        }
        return state;
    }

    private static List<string> ExistingClasses(WriteCheckout writer, string group) =>
        writer.Nodes.Any(n => n.Path == group) && writer.Attributes(group)[FilesLayout.ClassesAttribute] is JsonArray names
            ? [.. names.Select(n => n?.GetValue<string>() ?? "")]
            : [];

    private static string KeyOf(ScannedFile file) =>
        FileKeys.TryEncode(file.RelativePath) ?? throw new InvalidInputException(ErrorCode.InvalidKey,
            $"'{file.RelativePath}' is too long a path for a key (keys are at most {Names.MaxLength} characters, each '/' taking 2 and each character "
            + "other than a letter, digit, '_' or '.' 3); shorten its name or its folders' names, or import its folder on its own; nothing was imported.");

    /// <summary>The folder directly under the imported one, as torchvision's ImageFolder takes it (DIR/CLASS/.../file).</summary>
    private static string ClassOf(ScannedFile file)
    {
        int slash = file.RelativePath.IndexOf('/');
        return slash > 0 ? file.RelativePath[..slash] : throw new InvalidInputException(ErrorCode.InvalidArgument,
            $"'{file.RelativePath}' is not in a class folder; --label takes the class from the folder under the imported one (DIR/CLASS/file). Move it into one, or import without --label; nothing was imported.");
    }

    private static ImageSize Check(Entry entry, Func<ImageSize> probe)
    {
        try
        {
            return probe();
        }
        catch (ImageDecodeException e)
        {
            entry.Bad = e.Message;
            return default;
        }
    }

    private static byte[] Read(ScannedFile file)
    {
        try
        {
            return File.ReadAllBytes(file.FullPath);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new InvalidInputException(ErrorCode.InvalidArgument,
                $"'{file.FullPath}' cannot be read ({e.Message.TrimEnd('.')}). Give the user running the import read access, or move the file out of the folder; nothing was imported.");
        }
    }

    private static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The files found bad, in path order.</summary>
    private static List<BadFile> BadFiles(List<Entry> files) =>
        [.. files.Where(f => f.Bad is not null).Select(f => new BadFile(f.File.RelativePath, f.Bad!))];

    private static InvalidInputException Refused(List<BadFile> bad)
    {
        string list = string.Join("; ", bad.Take(20).Select(b => $"{b.Path}: {b.Reason}"));
        return new InvalidInputException(ErrorCode.InvalidArgument,
            $"{bad.Count} file(s) cannot be imported: {list}{(bad.Count > 20 ? $"; and {bad.Count - 20} more" : "")}. "
            + "Fix or remove them, keep every file's bytes with --raw, or leave them out with --skip-bad; nothing was imported.");
    }

    /// <summary>
    /// A batch decoded: fixed-shape images as the first <paramref name="PixelsLength"/> bytes of <paramref name="Pixels"/>
    /// (the good ones in order), else each file's sample (and shape, for images) by its place in the batch.
    /// </summary>
    private sealed record DecodedBatch(byte[][] Samples, int[][] Shapes, byte[]? Pixels, int PixelsLength);

    /// <summary>One file's progress through the import.</summary>
    private sealed class Entry(ScannedFile file, string key, string? @class)
    {
        public ScannedFile File { get; } = file;

        public string Key { get; } = key;

        public string? Class { get; } = @class;

        /// <summary>The last import's record, when the group still holds what it staged.</summary>
        public ImportedFile? Record { get; set; }

        public bool Changed { get; set; } = true;

        public ImageSize Size { get; set; }

        public string? Sha256 { get; set; }

        public string? Bad { get; set; }
    }
}
