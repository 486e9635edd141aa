using System.Buffers.Binary;
using System.IO.Compression;
using Tessera.Formats.NumPy;

namespace Tessera.Formats.Tests.NumPy;

/// <summary>
/// The zip forms numpy's small test files do not use, read by <see cref="NpzReader"/>'s own zip reader: data
/// descriptors (what a writer that cannot seek back produces) and the zip64 end record (past 65,535 members), and a
/// damaged data descriptor or content refused.
/// </summary>
public sealed class NpzZipStructureTests
{
    private static readonly NpyArray Values = NpyArray.Create<int>([1, 2, 3, 4, 5, 6], 3, 2);

    [Fact]
    public void Members_with_data_descriptors_are_read()
    {
        byte[] archive = WrittenWithoutSeeking();
        Assert.NotEqual(0, BinaryPrimitives.ReadUInt16LittleEndian(archive.AsSpan(6)) & 0x8);
        var arrays = NpzReader.ReadAll(new MemoryStream(archive));
        Assert.Equal(Values.Data.ToArray(), arrays["x"].Data.ToArray());
        Assert.Equal(Values.Data.ToArray(), arrays["y"].Data.ToArray());
    }

    [Fact]
    public void A_data_descriptor_that_disagrees_with_the_central_directory_is_refused()
    {
        byte[] archive = WrittenWithoutSeeking();
        int descriptor = IndexOf(archive, [0x50, 0x4b, 0x07, 0x08]);
        archive[descriptor + 4] ^= 0x01; // the CRC-32 it records
        var error = Assert.Throws<NpyFormatException>(() => NpzReader.ReadAll(new MemoryStream(archive)));
        Assert.Contains("'x.npy'", error.Message, StringComparison.Ordinal);
        Assert.Contains("its data descriptor records CRC-32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_member_whose_content_does_not_match_its_CRC32_is_refused()
    {
        var sink = new MemoryStream();
        using (var zip = new ZipArchive(sink, ZipArchiveMode.Create, leaveOpen: true))
        {
            using Stream entry = zip.CreateEntry("x.npy", CompressionLevel.NoCompression).Open();
            NpyWriter.Write(entry, Values);
        }
        byte[] archive = sink.ToArray();
        // Read intact first: the CRC-32 zlib recorded is the one the reader computes.
        Assert.Equal(Values.Data.ToArray(), NpzReader.ReadAll(new MemoryStream(archive))["x"].Data.ToArray());
        archive[IndexOf(archive, [5, 0, 0, 0, 6, 0, 0, 0])] ^= 0x10; // the value 5, stored as is
        var error = Assert.Throws<NpyFormatException>(() => NpzReader.ReadAll(new MemoryStream(archive)));
        Assert.Contains("'x.npy'", error.Message, StringComparison.Ordinal);
        Assert.Contains("the CRC-32 of its content is", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_archive_of_more_than_65535_members_is_read_through_its_zip64_end_record()
    {
        SystemPython.RequireNumPy();
        string path = Path.Combine(Path.GetTempPath(), $"npz-zip64-{Guid.NewGuid():N}.npz");
        try
        {
            SystemPython.RunCode(
                """
                import io, sys, zipfile
                import numpy as np
                buffer = io.BytesIO()
                np.save(buffer, np.arange(1, 7, dtype='<i4').reshape(3, 2))
                with zipfile.ZipFile(sys.argv[1], 'w') as archive:
                    for i in range(65537):
                        archive.writestr(f'a{i}.npy', buffer.getvalue())
                """, null, path);
            using NpzReader reader = NpzReader.OpenFile(path);
            Assert.Equal(65537, reader.Names.Count);
            Assert.Equal(Values.Data.ToArray(), reader.Read("a65536").Data.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Two members deflated by .NET onto a stream it cannot seek back in, so each gets a data descriptor.</summary>
    private static byte[] WrittenWithoutSeeking()
    {
        var sink = new MemoryStream();
        using (var archive = new ZipArchive(new WriteOnlyStream(sink), ZipArchiveMode.Create))
        {
            foreach (string name in new[] { "x.npy", "y.npy" })
            {
                using Stream entry = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
                NpyWriter.Write(entry, Values);
            }
        }
        return sink.ToArray();
    }

    private static int IndexOf(byte[] data, byte[] pattern) => data.AsSpan().IndexOf(pattern);

    /// <summary>A stream that only appends, like a pipe.</summary>
    private sealed class WriteOnlyStream(Stream inner) : Stream
    {
        private long written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => this.written;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            this.written += count;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
