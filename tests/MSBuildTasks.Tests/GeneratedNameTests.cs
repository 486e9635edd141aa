using Tessera.MSBuildTasks.Tests.Support;

namespace Tessera.MSBuildTasks.Tests;

/// <summary>
/// Dataset and column names that would collide as C# names (docs/msbuild.md, "Generated names"):
/// a real build of a project pinning them compiles, and each class is where the naming rule puts it.
/// </summary>
[Collection(PackageFeedCollection.Name)]
public sealed class GeneratedNameTests(PackageFeed feed) : IDisposable
{
    /// <summary>The longest path there is: 16 levels of 64 characters.</summary>
    private static readonly string LongPath = string.Concat(Enumerable.Range(0, 16).Select(level => $"/s{level:D2}" + new string('x', 61)));

    /// <summary>Its PascalCase name, cut to 499 characters, then <c>_</c> and 12 hex digits of the SHA-256 of the path.</summary>
    private static readonly string LongPathClass = string.Concat(Enumerable.Range(0, 16).Select(level => $"S{level:D2}" + new string('x', 61)))[..499]
        + "_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(LongPath)))[..12];

    /// <summary>Each column of the dataset <c>labels</c> and the class the rule names it by.</summary>
    private static readonly (string Path, string Class)[] Columns =
    [
        ("/labels", "Labels_"),                     // the enclosing dataset class
        ("/name", "Name_"),                         // members the generator adds to a dataset class
        ("/commit", "Commit_"),
        ("/source_repository", "SourceRepository_"),
        ("/materialized_repository", "MaterializedRepository_"),
        ("/repository_path", "RepositoryPath_"),
        ("/open_repository", "OpenRepository_"),
        ("/checkout", "Checkout_"),
        ("/path", "Path_"),                         // members the generator adds to a column class
        ("/kind", "Kind_"),
        ("/d_type", "DType_"),
        ("/shape", "Shape_"),
        ("/variable_shape", "VariableShape_"),
        ("/count", "Count_"),
        ("/my-col", "MyCol_my_2Dcol"),              // one PascalCase name for several columns
        ("/my_col", "MyCol_my_5Fcol"),
        ("/a/b", "AB_a_2Fb"),
        ("/a_b", "AB_a_5Fb"),
        ("/class", "Class"),                        // a C# keyword
        ("/1st", "_1st"),                           // a leading digit
        ("/2nd-", "_2nd_2nd_2D"),
        ("/2nd_", "_2nd_2nd_5F"),
        ("/_", "_"),                                // no letter or digit
        (LongPath, LongPathClass),                  // longer than a class name may be
    ];

    /// <summary>Each dataset (all pinning one repository) and the class the rule names it by.</summary>
    private static readonly (string Name, string Class)[] Datasets =
    [
        ("labels", "Labels"),
        ("name", "Name_"),
        ("commit", "Commit_"),
        ("tensor-datasets", "TensorDatasets_"),
        ("my-data", "MyData_my_2Ddata"),
        ("my_data", "MyData_my_5Fdata"),
    ];

    private readonly Workspace workspace = new(feed);

    [Fact]
    public void CollidingDatasetAndColumnNamesGetDistinctClassesAndTheProjectCompilesWithoutWarnings()
    {
        var commit = this.workspace.CreateDataset("data", [.. Columns.Select(c => c.Path)]);
        var items = string.Join("\n", Datasets.Select(d => d.Name == "labels"
            ? $"""<TensorDataset Include="labels" Repository="../data" Commit="{commit.ShortId}" Materialize="true" />"""
            : $"""<TensorDataset Include="{d.Name}" Repository="../data" Commit="{commit.ShortId}" Columns="/count" />"""));
        var program = string.Concat(
            Datasets.Select(d => $"System.Console.WriteLine(\"dataset {d.Class} \" + App.TensorDatasets.{d.Class}.Name + \" \" + App.TensorDatasets.{d.Class}.Commit);\n")
            .Concat(Columns.Select(c => $"System.Console.WriteLine(\"column {c.Class} \" + App.TensorDatasets.Labels.{c.Class}.Path);\n"))
            .Append("using var repo = App.TensorDatasets.Labels.OpenRepository();\n")
            .Append("System.Console.WriteLine(\"opened \" + App.TensorDatasets.Labels.Checkout(repo).Column(App.TensorDatasets.Labels.Labels_.Path).Get(0).AsString());\n"));
        var app = this.workspace.CreateProject("App", items, program, referenceCore: true);

        var build = DotNet.Build(app);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("warning CS", build.Output);

        var run = DotNet.Run(app, "bin/Debug/net10.0/App.dll");
        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var (name, cls) in Datasets)
            Assert.Contains($"dataset {cls} {name} {commit.Id}", run.Output);
        foreach (var (path, cls) in Columns)
            Assert.Contains($"column {cls} {path}", run.Output);
        Assert.Contains("opened /labels", run.Output);
    }

    public void Dispose() => this.workspace.Dispose();
}
