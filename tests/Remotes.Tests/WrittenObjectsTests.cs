using System.Text.Json.Nodes;
using Tessera.Remotes.Tests.Support;

namespace Tessera.Remotes.Tests;

/// <summary>
/// The receiver's checks refuse what Tessera never writes, and nothing it does: a repository using
/// every kind of node, sample, attribute and history crosses a folder remote and a server whole.
/// </summary>
public class WrittenObjectsTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public void Everything_a_writer_makes_passes_the_receivers_checks()
    {
        using var dir = new TempDir();
        using var source = Everything(dir.Sub("source"));
        var url = server.Serve("everything", withData: false);
        source.Remotes.Add("origin", url, server.Writer);

        foreach (var branch in source.Branches.List().Select(b => b.Name))
            source.Remotes.Push(new PushOptions { Branch = branch });
        using var overHttp = Repository.Clone(url, dir.Sub("http"), new CloneOptions { Remote = server.Reader });
        using var fromFolder = Repository.Clone(dir.Sub("source"), dir.Sub("folder"));

        foreach (var clone in new[] { overHttp, fromFolder })
        {
            Assert.Equal(source.Head!.Id, clone.Head!.Id);
            Assert.Empty(clone.Verify().Problems);
        }
    }

    /// <summary>Groups, every column kind and layout, compression, an array, attributes, removals, a folded manifest, a move and a merge.</summary>
    private static Repository Everything(string path)
    {
        var repo = Repository.Init(path, new InitOptions { UserName = "Zoë + Co", UserEmail = "z+co@example.com" });
        using (var w = repo.OpenWriter())
        {
            var images = w.CreateColumn("/train/images", ColumnSchema.NDArray(DType.UInt8, 8, 8) with { Compression = Codec.Deflate });
            var text = w.CreateColumn("/train/captions", ColumnSchema.Str());
            var raw = w.CreateColumn("/raw", ColumnSchema.Bytes());
            var boxes = w.CreateColumn("/train/boxes", ColumnSchema.VariableNDArray(DType.Float32, 16, 4) with { Layout = ColumnLayout.Nested });
            for (int i = 0; i < 300; i++)
            {
                images.Add<byte>(i, Enumerable.Range(0, 64).Select(b => (byte)(i * b)).ToArray(), 8, 8);
                text.AddString($"k{i:D4}", $"caption <{i}> & \"quoted\" + ✓");
                raw.AddBytes(i, Enumerable.Repeat((byte)i, i % 50).ToArray());
                boxes.Nested(i).Add<float>(0, new float[4 * (1 + (i % 3))], 1 + (i % 3), 4);
            }
            w.CreateArray("/grid", new ArraySchema(DType.Float64, [20, 30], [8, 8], double.NaN) { Compression = Codec.Brotli })
                .Write(Enumerable.Range(0, 600).Select(v => v / 7.0).ToArray());
            w.SetAttribute("/train", "source", JsonNode.Parse("{\"b\": [1, 2.50, \"ü\"], \"a\": null, \"<tag>\": true}"));
            w.Commit("everything, first");
        }
        repo.Branches.Create("dev");
        using (var w = repo.OpenWriter())
        {
            w.SwitchBranch("dev");
            for (int i = 0; i < 300; i += 2)
                w.Column("/train/images").Remove(i);
            w.SetAttribute("/train", "split", JsonValue.Create("dev + test"));
            w.Commit("dev: drop the even images");
            w.SwitchBranch("main");
            for (int round = 0; round < 20; round++)
            {
                for (int i = 0; i < 300; i++)
                    w.Column("/raw").AddBytes(i, [(byte)round, (byte)i]);
                w.Commit($"main: rewrite raw, round {round}");
            }
            w.Move("/raw", "/train/raw");
            w.SetAttribute("/grid", "units", JsonValue.Create("m/s"));
            w.Commit("main: move raw under train");
            Assert.Equal(2, w.Merge("dev").Commit!.Parents.Count);
        }
        return repo;
    }
}
