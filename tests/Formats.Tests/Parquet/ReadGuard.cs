using Tessera.Formats.Parquet;

namespace Tessera.Formats.Tests.Parquet;

/// <summary>
/// Reads a file completely on a worker thread with a time limit and an allocation budget, and
/// reports whether it read or was refused with <see cref="ParquetFormatException"/>. Any other
/// exception, a hang or an oversized allocation fails the calling test.
/// </summary>
internal static class ReadGuard
{
    public const long AllocationBudget = 512L * 1024 * 1024;

    /// <summary>Returns null when the file read, or the refusal's message.</summary>
    public static string? ReadOrRefuse(string path, TimeSpan timeout, string label)
    {
        string? refusal = null;
        Exception? unexpected = null;
        long allocated = 0;
        var thread = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                ParquetTestFiles.ReadAllRows(path);
            }
            catch (ParquetFormatException e)
            {
                refusal = e.Message;
            }
            catch (Exception e)
            {
                unexpected = e;
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }, 16 * 1024 * 1024);
        thread.Start();
        Assert.True(thread.Join(timeout), $"{label}: reading did not finish within {timeout.TotalSeconds} s");
        Assert.True(unexpected is null, $"{label}: {unexpected?.GetType().Name} instead of ParquetFormatException: {unexpected}");
        Assert.True(allocated <= AllocationBudget, $"{label}: allocated {allocated:N0} bytes");
        return refusal;
    }
}
