namespace Tessera.Remotes.Tests.Support;

/// <summary>Small repositories with two columns of known contents.</summary>
public static class Datasets
{
    public const int Samples = 200;
    public const int ImageBytes = 64;

    static Datasets() => Environment.SetEnvironmentVariable("TESSERA_NO_GIT", "1");

    /// <summary>A repository with /images (uint8, 64 bytes each, random) and /labels (int64), one commit on main.</summary>
    public static Repository Create(string path, int seed = 1)
    {
        var repo = Repository.Init(path, new InitOptions { UserName = "test", UserEmail = "test@localhost" });
        using var w = repo.OpenWriter();
        var images = w.CreateColumn("/images", ColumnSchema.NDArray(DType.UInt8, ImageBytes));
        var labels = w.CreateColumn("/labels", ColumnSchema.NDArray(DType.Int64, 1));
        for (int i = 0; i < Samples; i++)
        {
            images.Add<byte>(i, Image(seed, i));
            labels.Add<long>(i, [i % 10]);
        }
        w.Commit("first");
        return repo;
    }

    public static byte[] Image(int seed, int key)
    {
        var bytes = new byte[ImageBytes];
        new Random(seed * 100_003 + key).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Commits one more label on the current branch and returns the commit.</summary>
    public static Commit CommitLabel(Repository repo, int key, long value)
    {
        using var w = repo.OpenWriter();
        w.Column("/labels").Add<long>(key, [value]);
        return w.Commit($"label {key} = {value}");
    }

    public static void AssertSameData(Repository expected, Repository actual, string revision = "main")
    {
        var a = expected.Checkout(revision);
        var b = actual.Checkout(revision);
        Assert.Equal(a.Commit.Id, b.Commit.Id);
        foreach (var path in new[] { "/images", "/labels" })
        {
            for (int i = 0; i < Samples; i++)
                Assert.True(a.Column(path).Get(i).Bytes.Span.SequenceEqual(b.Column(path).Get(i).Bytes.Span), $"{path} {i}");
        }
    }
}
