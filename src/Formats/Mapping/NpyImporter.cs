using Tessera.Formats.NumPy;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Mapping;

/// <summary>
/// Imports <c>.npy</c> arrays: axis 0 indexes the samples (keys 0, 1, ...), the other axes are each
/// sample's shape. Numeric arrays become ndarray columns, <c>U</c> arrays str columns and <c>S</c>
/// arrays bytes columns. Reads a few MiB at a time (Fortran-order arrays are reordered whole).
/// </summary>
public static class NpyImporter
{
    private const int BatchBytes = 8 << 20;

    /// <summary>Stages an <c>.npy</c> file as the column <see cref="ImportOptions.Into"/>.</summary>
    public static ImportResult ImportNpy(WriteCheckout writer, string file, ImportOptions options, IProgress<double>? progress = null) =>
        ImportGuard.Run(writer, file, "NumPy .npy", () =>
        {
            string path = Names.NormalizePath(options.Into);
            using var reader = NpyReader.Open(File.OpenRead(file));
            var (columns, created) = ColumnTargets.Prepare(writer, [(path, SchemaOf(reader.Header, Path.GetFileName(file)))]);
            var (samples, bytes) = Stage(columns[0], reader, progress);
            return new ImportResult("npy", Path.GetFileName(file), path, reader.SampleCount, samples, bytes, [path], created);
        });

    /// <summary>Stages each member of an <c>.npz</c> file as a column of the group <see cref="ImportOptions.Into"/>.</summary>
    public static ImportResult ImportNpz(WriteCheckout writer, string file, ImportOptions options, IProgress<double>? progress = null) =>
        ImportGuard.Run(writer, file, "NumPy .npz", () =>
        {
            string group = Names.NormalizePath(options.Into);
            ColumnTargets.RequireGroup(writer, group);
            using var archive = NpzReader.OpenFile(file);
            var members = SelectMembers(archive.Names, options.Columns, Path.GetFileName(file));
            var wanted = members.Select(name => ($"{group}/{name}", Checked(archive, name, () =>
            {
                using var member = archive.OpenArray(name);
                return SchemaOf(member.Header, $"{Path.GetFileName(file)}:{name}");
            }))).ToList();
            var (columns, created) = ColumnTargets.Prepare(writer, wanted);
            long rows = 0, samples = 0, bytes = 0;
            for (int m = 0; m < members.Count; m++)
            {
                // Staged inside the import's operation: a member found corrupt at its end rolls back what it staged.
                var (count, staged, stagedBytes) = Checked(archive, members[m], () =>
                {
                    using var member = archive.OpenArray(members[m]);
                    var (s, b) = Stage(columns[m], member, DirectProgress.Part(progress, (double)m / members.Count, 1.0 / members.Count));
                    return (member.SampleCount, s, b);
                });
                rows = Math.Max(rows, count);
                samples += staged;
                bytes += stagedBytes;
            }
            return new ImportResult("npz", Path.GetFileName(file), group, rows, samples, bytes, [.. wanted.Select(w => w.Item1)], created);
        });

    /// <summary>
    /// Reads a member with <paramref name="read"/>. When that fails over what the member holds (an odd header, a
    /// string that is not text, data cut short), a member whose bytes are not what the archive recorded is reported as
    /// corrupt, naming it: that is the cause, not the oddity it led to.
    /// </summary>
    private static T Checked<T>(NpzReader archive, string name, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is NpyFormatException or InvalidFileException)
        {
            archive.Verify(name);
            throw;
        }
    }

    private static List<string> SelectMembers(IReadOnlyList<string> names, IReadOnlyList<string>? wanted, string file)
    {
        foreach (var name in wanted ?? [])
        {
            if (!names.Contains(name))
                throw new InvalidInputException(ErrorCode.InvalidArgument, $"{file} has no array '{name}' (--columns). Its arrays are: {string.Join(", ", names)}.");
        }
        var members = names.Where(n => wanted is null || wanted.Contains(n)).ToList();
        foreach (var name in members)
        {
            if (!Names.IsValid(name))
                throw new InvalidFileException($"Array '{name}' of {file} has a name that is not a valid node name (1 to {Names.MaxLength} ASCII letters, digits, '_', '-' or '.'). Leave it out with --columns.");
        }
        return members;
    }

    /// <summary>The column schema of an array's samples (its shape without axis 0).</summary>
    private static ColumnSchema SchemaOf(NpyHeader header, string what)
    {
        var shape = header.SampleShape.ToArray();
        if (header.Dtype.Kind is NpyKind.Unicode or NpyKind.Bytes)
        {
            if (shape.Length != 0)
                throw new InvalidFileException($"{what} is a {header.Shape.Count}-d string array; str and bytes samples are single values, so import 1-d string arrays.");
            return header.Dtype.Kind == NpyKind.Unicode ? ColumnSchema.Str() : ColumnSchema.Bytes();
        }
        if (shape.Any(d => d == 0))
            throw new InvalidFileException($"{what} has shape ({string.Join(", ", header.Shape)}): samples of zero elements are not stored. Import a non-empty array.");
        if (shape.Any(d => d > int.MaxValue))
            throw new InvalidFileException($"{what} has samples of shape ({string.Join(", ", shape)}), beyond Tessera's limit of 2^31 elements per sample.");
        return ColumnSchema.NDArray(NumPyDTypes.FromNpy(header.Dtype)!.Value, [.. shape.Select(d => (int)d)]);
    }

    private static (long Samples, long Bytes) Stage(WritableColumn column, NpyStreamReader reader, IProgress<double>? progress)
    {
        long next = 0, bytes = 0;
        int size = checked((int)reader.SampleByteCount);
        foreach (var batch in reader.ReadBatches(BatchBytes))
        {
            int count = batch.Length / size;
            var keys = new SampleKey[count];
            for (int i = 0; i < count; i++)
                keys[i] = SampleKey.Of(next + i);
            switch (column.Schema.Kind)
            {
                case ColumnKind.Str:
                    var text = new string[count];
                    SampleStager.For(count, i => text[i] = NpyStrings.DecodeUnicode(batch.Span.Slice(i * size, size)));
                    column.AddStrings(keys, text);
                    break;
                case ColumnKind.Bytes:
                    var trimmed = new BinaryValues(count, batch.Length);
                    for (int i = 0; i < count; i++)
                        trimmed.Add(NpyStrings.TrimBytes(batch.Span.Slice(i * size, size)));
                    SampleStager.AddBytes(column, keys, trimmed, 0);
                    break;
                default:
                    SampleStager.AddFixed(column, keys, column.Schema.DType!.Value, batch);
                    break;
            }
            next += count;
            bytes += batch.Length;
            progress?.Report((double)next / reader.SampleCount);
        }
        return (next, bytes);
    }
}
