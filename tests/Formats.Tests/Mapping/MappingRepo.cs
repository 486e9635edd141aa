namespace Tessera.Formats.Tests.Mapping;

/// <summary>A fresh repository in a temporary folder, deleted on dispose.</summary>
public sealed class MappingRepo : IDisposable
{
    public MappingRepo()
    {
        this.Directory = System.IO.Directory.CreateTempSubdirectory("tessera-mapping-").FullName;
        this.Repo = Repository.Init(Path.Combine(this.Directory, "repo"), new InitOptions { UserName = "Test", UserEmail = "test@example.com" });
    }

    public string Directory { get; }

    public Repository Repo { get; }

    public string File(string name) => Path.Combine(this.Directory, name);

    /// <summary>Runs <paramref name="work"/> in a write checkout and commits what it staged.</summary>
    public T Commit<T>(Func<WriteCheckout, T> work, string message = "import")
    {
        using var writer = this.Repo.OpenWriter();
        var result = work(writer);
        writer.Commit(message);
        return result;
    }

    public ReadCheckout Head => this.Repo.Checkout("HEAD");

    public void Dispose()
    {
        this.Repo.Dispose();
        System.IO.Directory.Delete(this.Directory, recursive: true);
    }
}
