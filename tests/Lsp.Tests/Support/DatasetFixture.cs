namespace Tessera.Lsp.Tests.Support;

/// <summary>
/// A workspace folder with a small digits repository and a project file pinning it:
/// <c>repo/</c> has commits c1 (tag v1) → c2 → c3 on main, and dev (from c2) mutating label 0
/// differently from main; <c>app.csproj</c> pins c1 following main (stale by two), a missing
/// commit, a missing column and a missing repository (in that order, from zero-based line 2).
/// </summary>
public sealed class DatasetFixture : IDisposable
{
    public DatasetFixture()
    {
        this.Workspace = Directory.CreateTempSubdirectory("tessera-lsp-").FullName;
        this.RepositoryRoot = Path.Combine(this.Workspace, "repo");
        using (var repo = Repository.Init(this.RepositoryRoot, new InitOptions { UserName = "Ada", UserEmail = "ada@example.com" }))
        {
            using var w = repo.OpenWriter();
            var images = w.CreateColumn("/digits/images", ColumnSchema.NDArray(DType.UInt8, 7, 7));
            var labels = w.CreateColumn("/digits/labels", ColumnSchema.NDArray(DType.Int64));
            for (int i = 0; i < 10; i++)
            {
                images.Add<byte>(i, Image(i), 7, 7);
                labels.Add(i, new long[] { i % 10 });
            }
            this.FirstCommit = w.Commit("Add ten digits").Id.ToString();
            repo.Tags.Create("v1");
            for (int i = 10; i < 12; i++)
                w.Column("/digits/images").Add<byte>(i, Image(i), 7, 7);
            w.Commit("Add two more");
            repo.Branches.Create("dev");
            w.Column("/digits/labels").Add(0, new long[] { 5 });
            w.Column("/digits/images").Add<byte>(3, Image(30), 7, 7);
            w.Commit("Relabel 0 and redraw 3");
            w.SwitchBranch("dev");
            w.Column("/digits/labels").Add(0, new long[] { 6 });
            w.Commit("Relabel 0 on dev");
            w.SwitchBranch("main");
        }
        this.ProjectFile = Path.Combine(this.Workspace, "app.csproj");
        File.WriteAllText(this.ProjectFile, ProjectText(this.FirstCommit[..12]));
    }

    public string Workspace { get; }

    public string RepositoryRoot { get; }

    public string ProjectFile { get; }

    public string FirstCommit { get; }

    public static byte[] Image(int seed) => Enumerable.Range(0, 49).Select(i => (byte)((i * 7 + seed * 13) % 256)).ToArray();

    /// <summary>Line 2 (zero-based): the good, stale pin; 3: unknown commit; 4: missing column; 5: missing repository.</summary>
    public static string ProjectText(string commit) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <ItemGroup>
            <TensorDataset Include="digits" Repository="repo" Commit="{commit}" Branch="main" Columns="/digits/images;/digits/labels" />
            <TensorDataset Include="ghost" Repository="repo" Commit="deadbeefdead" />
            <TensorDataset Include="partial" Repository="repo" Commit="{commit}" Columns="/digits/missing" />
            <TensorDataset Include="lost" Repository="nowhere" Commit="{commit}" />
          </ItemGroup>
        </Project>
        """.Replace("\r\n", "\n", StringComparison.Ordinal);

    public void Dispose() => Directory.Delete(this.Workspace, recursive: true);
}
