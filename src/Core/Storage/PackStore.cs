using System.IO.MemoryMappedFiles;

namespace Tessera.Storage;

/// <summary>
/// Append-only pack files (<c>.tensor/packs/pack-NNNNNN.pack</c>) read through memory maps.
/// A pack starts with an 8-byte magic; blobs follow, each at an 8-byte aligned offset.
/// </summary>
internal sealed unsafe class PackStore : IDisposable
{
    public static ReadOnlySpan<byte> Magic => "TSRPACK1"u8;

    /// <summary>A writer starts a new pack past this size.</summary>
    public const long MaxPackSize = 1L << 30;

    private readonly string directory;
    private readonly Dictionary<int, MappedPack> maps = [];
    private readonly Dictionary<int, Microsoft.Win32.SafeHandles.SafeFileHandle> handles = [];
    private readonly List<MappedPack> retired = [];
    private readonly Lock gate = new();

    public PackStore(string directory)
    {
        this.directory = directory;
        Directory.CreateDirectory(directory);
    }

    public string PathOf(int pack) => Path.Combine(this.directory, $"pack-{pack:D6}.pack");

    /// <summary>
    /// A pointer to a blob's stored bytes, valid while this store lives. Bounds are checked
    /// against the file, so a truncated pack is reported, never read past.
    /// </summary>
    public byte* Pointer(BlobLocation loc)
    {
        lock (this.gate)
        {
            long end = loc.Offset + loc.Length;
            if (!this.maps.TryGetValue(loc.Pack, out var map) || map.Length < end)
            {
                if (map is not null)
                    this.retired.Add(map);
                map = this.Map(loc.Pack);
                this.maps[loc.Pack] = map;
                if (map.Length < end)
                {
                    throw new CorruptObjectException(
                        $"Pack {this.PathOf(loc.Pack)} is truncated: a blob at offset {loc.Offset} needs {end} bytes, the file has {map.Length}. {CorruptObjectException.VerifyAdvice}");
                }
            }
            return map.Pointer + loc.Offset;
        }
    }

    /// <summary>
    /// Reads up to <paramref name="destination"/>.Length bytes of a pack at <paramref name="offset"/>
    /// with system calls, not through the map, and returns how many there were (fewer at the end of
    /// the file). For large or sequential reads, copying from the OS's file cache costs less than
    /// mapping every page into this process.
    /// </summary>
    public int ReadAt(int pack, long offset, Span<byte> destination)
    {
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        lock (this.gate)
        {
            if (!this.handles.TryGetValue(pack, out handle!))
            {
                var path = this.PathOf(pack);
                if (!File.Exists(path))
                    throw new CorruptObjectException($"Pack {path} is missing. {CorruptObjectException.VerifyAdvice}");
                handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                this.handles[pack] = handle;
            }
        }
        int done = 0;
        while (done < destination.Length)
        {
            int read = RandomAccess.Read(handle, destination[done..], offset + done);
            if (read == 0)
                break;
            done += read;
        }
        return done;
    }

    /// <summary>How many bytes of a pack the current map covers (0 when it is not mapped yet).</summary>
    public long MappedLength(int pack)
    {
        lock (this.gate)
            return this.maps.TryGetValue(pack, out var map) ? map.Length : 0;
    }

    /// <summary>Opens a pack for appending; creates it with its magic when new.</summary>
    private const int AppendBufferSize = 1 << 20;

    public FileStream OpenForAppend(int pack)
    {
        // A large buffer: blobs are often a few hundred bytes, and each buffer flush is a system call.
        var stream = new FileStream(this.PathOf(pack), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, AppendBufferSize);
        if (stream.Length == 0)
            stream.Write(Magic);
        stream.Position = (stream.Length + 7) & ~7L;
        return stream;
    }

    /// <summary>Forgets a pack's maps (after gc deleted it); open spans stay valid until dispose.</summary>
    public void Forget(int pack)
    {
        lock (this.gate)
        {
            if (this.maps.Remove(pack, out var map))
                this.retired.Add(map);
            if (this.handles.Remove(pack, out var handle))
                handle.Dispose();
        }
    }

    public void Dispose()
    {
        lock (this.gate)
        {
            foreach (var map in this.maps.Values.Concat(this.retired))
                map.Dispose();
            foreach (var handle in this.handles.Values)
                handle.Dispose();
            this.handles.Clear();
            this.maps.Clear();
            this.retired.Clear();
        }
    }

    private MappedPack Map(int pack)
    {
        var path = this.PathOf(pack);
        if (!File.Exists(path))
            throw new CorruptObjectException($"Pack {path} is missing. {CorruptObjectException.VerifyAdvice}");
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long length = fs.Length;
        if (length < Magic.Length)
            throw new CorruptObjectException($"Pack {path} is truncated to {length} bytes.");
        var mmf = MemoryMappedFile.CreateFromFile(fs, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        var view = mmf.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* ptr = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref ptr);
        return new MappedPack(mmf, view, ptr + view.PointerOffset, length);
    }

    private sealed class MappedPack(MemoryMappedFile file, MemoryMappedViewAccessor view, byte* pointer, long length) : IDisposable
    {
        public byte* Pointer { get; } = pointer;

        public long Length { get; } = length;

        public void Dispose()
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
            view.Dispose();
            file.Dispose();
        }
    }
}
