namespace Tessera.Tests.Support;

/// <summary>A repository in a fresh temporary folder, deleted on dispose.</summary>
public sealed class TempRepo : IDisposable
{
    public TempRepo(string? branch = null)
    {
        this.Dir = Directory.CreateTempSubdirectory("tessera-test-").FullName;
        this.Repo = Repository.Init(this.Dir, new InitOptions { UserName = "Test", UserEmail = "test@example.com", Branch = branch ?? "main" });
    }

    public string Dir { get; }

    public Repository Repo { get; private set; }

    /// <summary>Closes and opens the repository again, as a new process would.</summary>
    public Repository Reopen()
    {
        this.Repo.Dispose();
        this.Repo = Repository.Open(this.Dir);
        return this.Repo;
    }

    public void Dispose()
    {
        this.Repo.Dispose();
        try
        {
            Directory.Delete(this.Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Creates /images (uint8, 4x4) and /labels (int64 scalar) with <paramref name="n"/> samples and commits.</summary>
    public Commit Seed(int n = 100, string message = "seed")
    {
        using var w = this.Repo.OpenWriter();
        var images = w.Nodes.Any(x => x.Path == "/images") ? w.Column("/images") : w.CreateColumn("/images", ColumnSchema.NDArray(DType.UInt8, 4, 4));
        var labels = w.Nodes.Any(x => x.Path == "/labels") ? w.Column("/labels") : w.CreateColumn("/labels", ColumnSchema.NDArray(DType.Int64));
        for (int i = 0; i < n; i++)
        {
            images.Add<byte>(i, Image(i));
            labels.Add<long>(i, [i % 10]);
        }
        return w.Commit(message);
    }

    public static byte[] Image(int i, int salt = 0)
    {
        var data = new byte[16];
        for (int k = 0; k < 16; k++)
            data[k] = (byte)((i * 31) + (k * 7) + salt);
        return data;
    }
}
