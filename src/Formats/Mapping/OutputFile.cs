namespace Tessera.Formats.Mapping;

/// <summary>
/// How every command that writes a file (export, <c>get --out</c>, <c>array read --out</c>) or a Zarr store treats the
/// path it is given. A regular file, or nothing yet, is written to a temporary file beside it that is renamed over it
/// at the end, so a failure leaves the old file (or none); temporaries of killed earlier writes are removed first. Standard output (<c>/dev/stdout</c>) is written through the
/// process's own handle, whatever it is redirected to. A symbolic link is followed to the end and the same is done
/// for its target, so the link stays a link (a dangling one gets its target created). A character device or a FIFO
/// (<c>/dev/null</c>, a named pipe) is written directly, as a shell redirection does. Anything
/// else (a directory where a file goes, a block device, a socket) is refused. Nothing but a regular file is ever
/// renamed over.
/// </summary>
public static class OutputFile
{
    private static readonly string[] StandardOutputPaths = ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"];

    /// <summary>Writes the file at <paramref name="path"/> through <paramref name="write"/>, which must leave the stream open.</summary>
    public static T Write<T>(string path, Func<Stream, T> write)
    {
        path = Path.GetFullPath(path);
        if (IsStandardOutput(path))
            return WriteDirectly(Console.OpenStandardOutput(), write);
        switch (FileKinds.Of(path))
        {
            case FileKind.Missing or FileKind.Regular:
                return WriteReplacing(FinalTarget(path), write);
            case FileKind.CharacterDevice or FileKind.Fifo:
                return WriteDirectly(new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite), write);
            case FileKind.Directory:
                throw new InvalidInputException(ErrorCode.InvalidArgument, $"'{path}' is a folder. Give the path of a file to write, e.g. {Path.Combine(path, "out")}.");
            case var other:
                throw Refused(path, other);
        }
    }

    /// <inheritdoc cref="Write{T}"/>
    public static void Write(string path, Action<Stream> write) => Write(path, stream =>
    {
        write(stream);
        return 0;
    });

    /// <summary>
    /// Where to create a store folder for <paramref name="path"/>: the path itself, or the end of the links it is,
    /// when that is a folder or nothing yet. Anything else is refused.
    /// </summary>
    public static string DirectoryTarget(string path)
    {
        path = Path.GetFullPath(path);
        return FileKinds.Of(path) switch
        {
            FileKind.Missing or FileKind.Directory => FinalTarget(path),
            FileKind.Regular => throw new InvalidInputException(ErrorCode.InvalidArgument, $"'{path}' is a file; a store is a folder. Give a new or empty folder."),
            var other => throw Refused(path, other),
        };
    }

    /// <summary>Whether <paramref name="path"/> is this process's standard output, which then holds only the file written.</summary>
    public static bool IsStandardOutput(string path) => StandardOutputPaths.Contains(Path.GetFullPath(path), StringComparer.Ordinal);

    private static T WriteDirectly<T>(Stream stream, Func<Stream, T> write)
    {
        using (stream)
        {
            var result = write(stream);
            stream.Flush();
            return result;
        }
    }

    private static T WriteReplacing<T>(string target, Func<Stream, T> write)
    {
        RemoveLeftovers(target);
        string temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Environment.ProcessId}.tmp");
        try
        {
            T result;
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
            {
                using (new Writeback(stream.SafeFileHandle))
                    result = write(stream);
                stream.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows() && File.Exists(target))
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(target));
            File.Move(temporary, target, overwrite: true);
            return result;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Deletes the temporary files that killed earlier writes to <paramref name="target"/> left beside
    /// it (<c>.NAME.PID.tmp</c> of a process that is gone); one a running process is writing stays.
    /// </summary>
    private static void RemoveLeftovers(string target)
    {
        string prefix = $".{Path.GetFileName(target)}.";
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(target)!, prefix + "*.tmp"))
        {
            string name = Path.GetFileName(file);
            if (!name.StartsWith(prefix, StringComparison.Ordinal)
                || !int.TryParse(name.AsSpan(prefix.Length, name.Length - prefix.Length - ".tmp".Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid)
                || pid == Environment.ProcessId || LocalProcess.IsRunning(pid))
            {
                continue;
            }
            try
            {
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another process removed it, or it is not ours to remove: it is not in the way of this write.
            }
        }
    }

    /// <summary>The path with every symbolic link along its end followed (the file a write through it would reach).</summary>
    private static string FinalTarget(string path) =>
        new FileInfo(path).LinkTarget is null ? path : Path.GetFullPath(File.ResolveLinkTarget(path, returnFinalTarget: true)!.FullName);

    private static InvalidInputException Refused(string path, FileKind kind) => new(ErrorCode.InvalidArgument,
        $"'{path}' is a {(kind == FileKind.BlockDevice ? "block device" : "socket")}; Tessera writes regular files, character devices (such as /dev/stdout) and FIFOs. Give another path.");
}
