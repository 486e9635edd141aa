using System.Runtime.InteropServices;

namespace Tessera.Bench;

/// <summary>
/// Destination buffers the process has written to, as a training loop's reused buffer is: on the
/// shared VMs the first write to fresh memory costs a page fault per 4 KB page (≈ 17 µs; 1.1 s for
/// 262 MB), which would time the host rather than the read (docs/performance.md, "Fresh memory").
/// </summary>
internal static class TouchedBuffer
{
    public static T[] Of<T>(int length)
        where T : unmanaged
    {
        var buffer = new T[length];
        MemoryMarshal.AsBytes(buffer.AsSpan()).Fill(0xFF);
        return buffer;
    }
}
