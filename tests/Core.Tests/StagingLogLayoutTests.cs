using System.Buffers.Binary;
using System.Text;
using Tessera.Manifests;
using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>
/// The staging log's bytes as format section 7 gives them, read here without the staging log's own
/// reader: records of a length, a payload (the node id, then the changes) and a CRC-32C of the
/// payload, back to back up to the length the database names.
/// </summary>
public class StagingLogLayoutTests
{
    [Fact]
    public void Records_are_a_length_a_payload_of_node_id_and_changes_and_the_payload_s_CRC_32C()
    {
        using var t = new TempRepo();
        string x, y;
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/x", ColumnSchema.NDArray(DType.Float64)).AddRange<double>([0, 1, 2], new double[] { 1, 2, 3 });
            w.CreateColumn("/y", ColumnSchema.Str()).AddStrings([5, 6], ["a", "b"]);
            w.Column("/x").Remove(1);
            (x, y) = (w.Staging.Tree.Get("/x").Id, w.Staging.Tree.Get("/y").Id);
        }
        var extent = t.Repo.Db.GetMeta("staging_log")!.Split(' ');
        int length = int.Parse(extent[1], System.Globalization.CultureInfo.InvariantCulture);
        var bytes = File.ReadAllBytes(Path.Combine(t.Dir, ".tensor", "staging", $"{extent[0]}.log"));
        Assert.True(bytes.Length >= length);

        var records = new List<(string Node, byte[] FirstKey)>();
        int pos = 0;
        while (pos < length)
        {
            int size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos));
            var payload = bytes.AsSpan(pos + 4, size);
            Assert.Equal(Crc32C.ComputeReference(payload), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(pos + 4 + size)));
            int nameLength = payload[0];   // node ids are shorter than 128 bytes: a one-byte varint
            var changes = payload[(1 + nameLength)..];
            // The first change's key: nothing shared with a previous key, then the whole key.
            Assert.Equal(0, changes[0]);
            records.Add((Encoding.UTF8.GetString(payload.Slice(1, nameLength)), changes.Slice(2, changes[1]).ToArray()));
            pos += 4 + size + 4;
        }
        Assert.Equal(length, pos);
        Assert.Equal([x, y, x], records.Select(r => r.Node));
        Assert.Equal([Keys.Encode(0), Keys.Encode(5), Keys.Encode(1)], records.Select(r => r.FirstKey));
    }
}
