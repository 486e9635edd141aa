using System.Buffers;

namespace Tessera.Storage;

/// <summary>Exposes memory-mapped or pinned bytes as <see cref="Memory{T}"/> without copying them.</summary>
internal sealed unsafe class PointerMemoryManager(byte* pointer, int length) : MemoryManager<byte>
{
    public override Span<byte> GetSpan() => new(pointer, length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
