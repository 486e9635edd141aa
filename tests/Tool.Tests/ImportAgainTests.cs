using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>
/// A table imported again: the command says how many of its samples were staged, and stages only
/// the keys whose sample changed (numbers in runs and text alike).
/// </summary>
public class ImportAgainTests
{
    [Fact]
    public void A_table_imported_again_stages_and_reports_only_what_changed()
    {
        using var dir = new TempDir();
        dir.Ok("init", "--user", "Test", "--email", "test@example.com");
        var rows = Enumerable.Range(0, 200).Select(i => $"{i},{i * 0.25},name {i}").ToList();
        File.WriteAllText(dir.File("t.csv"), "id,x,name\n" + string.Join('\n', rows) + "\n");

        var first = dir.Ok("import", "csv", "t.csv", "--into", "/t", "--key", "id", "--json").Json;
        Assert.Equal((400, 400), (first.GetProperty("samples").GetInt32(), first.GetProperty("staged").GetInt32()));
        dir.Ok("commit", "-m", "table");

        var again = dir.Ok("import", "csv", "t.csv", "--into", "/t", "--key", "id");
        Assert.Contains("400 sample(s)", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("Every key already held its sample: nothing was staged.", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("Nothing staged.", dir.Ok("status").Stdout, StringComparison.Ordinal);

        rows[7] = "7,99.5,name 7";
        rows[8] = "8,2,renamed";
        File.WriteAllText(dir.File("t.csv"), "id,x,name\n" + string.Join('\n', rows) + "\n");
        var changed = dir.Ok("import", "csv", "t.csv", "--into", "/t", "--key", "id", "--json").Json;
        Assert.Equal((400, 2), (changed.GetProperty("samples").GetInt32(), changed.GetProperty("staged").GetInt32()));
        dir.Ok("reset");
        Assert.Contains("2 of them changed and are staged", dir.Ok("import", "csv", "t.csv", "--into", "/t", "--key", "id").Stdout, StringComparison.Ordinal);
        var status = dir.Ok("status").Stdout;
        Assert.Contains("/t/x     +0 -0 ~1", status, StringComparison.Ordinal);
        Assert.Contains("/t/name  +0 -0 ~1", status, StringComparison.Ordinal);
    }
}
