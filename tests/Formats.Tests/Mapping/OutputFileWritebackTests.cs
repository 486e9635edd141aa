using Tessera.Formats.Mapping;

namespace Tessera.Formats.Tests.Mapping;

/// <summary>
/// A file written through <see cref="OutputFile"/> is handed to the disk in the background while it
/// is written (every 100 ms): these writes outlast several such flushes, so the flushes run beside them.
/// </summary>
public class OutputFileWritebackTests
{
    [Fact]
    public void A_write_that_outlasts_the_background_flushes_ends_with_every_byte_in_place()
    {
        using var dir = new MappingRepo();
        string path = dir.File("slow.bin");
        var expected = Chunks().SelectMany(c => c).ToArray();

        long written = OutputFile.Write(path, stream =>
        {
            foreach (var chunk in Chunks())
            {
                stream.Write(chunk);
                Thread.Sleep(15);
            }
            return stream.Length;
        });

        Assert.Equal(expected.Length, written);
        Assert.True(expected.AsSpan().SequenceEqual(File.ReadAllBytes(path)), "the file differs from what was written");
        Assert.Empty(Directory.GetFiles(dir.Directory, ".*.tmp"));
    }

    [Fact]
    public void A_write_that_fails_while_flushes_run_leaves_the_old_file_and_reports_its_own_error()
    {
        using var dir = new MappingRepo();
        string path = dir.File("kept.bin");
        File.WriteAllText(path, "old contents");

        var error = Assert.Throws<InvalidOperationException>(() => OutputFile.Write(path, stream =>
        {
            foreach (var chunk in Chunks().Take(20))
            {
                stream.Write(chunk);
                Thread.Sleep(15);
            }
            throw new InvalidOperationException("the writer failed");
        }));

        Assert.Equal("the writer failed", error.Message);
        Assert.Equal("old contents", File.ReadAllText(path));
        Assert.Empty(Directory.GetFiles(dir.Directory, ".*.tmp"));
    }

    /// <summary>40 chunks of 64 KiB, each filled with its own byte, so a chunk out of place shows: ~600 ms of writing.</summary>
    private static IEnumerable<byte[]> Chunks() => Enumerable.Range(0, 40).Select(i => Enumerable.Repeat((byte)(i * 7), 64 * 1024).ToArray());
}
