using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>
/// <c>import csv --types</c>: columns imported as the type given rather than the one inferred (zip codes keep their
/// zeros), and numbers beyond their type refused with their line and the way out, never rounded to another value.
/// </summary>
public class CsvImportTypesTests
{
    [Fact]
    public void Types_given_keep_text_that_looks_like_numbers()
    {
        using var dir = new TempDir();
        dir.Ok("init", "--user", "Test", "--email", "test@example.com");
        File.WriteAllText(dir.File("places.csv"), "zip,name,pop\n00501,Holtsville,12\n02134,Allston,30.5\n");

        var imported = dir.Ok("import", "csv", "places.csv", "--into", "/p", "--key", "zip", "--types", "zip=str, pop=float64", "--json").Json;
        Assert.Equal(["/p/name", "/p/pop"], imported.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("Holtsville", dir.Ok("get", "/p/name", "s:00501").Stdout.TrimEnd('\n'));
        Assert.Contains("float64", dir.Ok("get", "/p/pop", "s:00501").Stdout, StringComparison.Ordinal);
        Assert.Equal(["\"00501\"", "\"02134\""], dir.Ok("keys", "/p/name").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        File.WriteAllText(dir.File("codes.csv"), "code\n00501\n007\n");
        dir.Ok("import", "csv", "codes.csv", "--into", "/c", "--types", "code=str");
        Assert.Equal("007", dir.Ok("get", "/c/code", "1").Stdout.TrimEnd('\n'));
    }

    [Fact]
    public void Numbers_beyond_their_type_are_refused_with_the_line_and_the_way_out()
    {
        using var dir = new TempDir();
        dir.Ok("init", "--user", "Test", "--email", "test@example.com");
        File.WriteAllText(dir.File("big.csv"), "id,x,n\n1,2.5,7\n2,1e400,8\n3,4,99999999999999999999\n");

        var huge = dir.FailsJson(ErrorCode.InvalidArgument, "import", "csv", "big.csv", "--into", "/b").GetProperty("message").GetString()!;
        Assert.Contains("CSV line 3, column 2: '1e400' in column 'x' is a number beyond the range of float64", huge, StringComparison.Ordinal);
        Assert.Contains("--types x=str", huge, StringComparison.Ordinal);
        var wide = dir.FailsJson(ErrorCode.InvalidArgument, "import", "csv", "big.csv", "--into", "/b", "--types", "x=str").GetProperty("message").GetString()!;
        Assert.Contains("CSV line 4, column 3: '99999999999999999999' in column 'n' is an integer beyond the range of int64", wide, StringComparison.Ordinal);
        Assert.Empty(dir.Ok("status", "--json").Json.GetProperty("staged").EnumerateArray());

        dir.Ok("import", "csv", "big.csv", "--into", "/b", "--types", "x=str,n=str");
        Assert.Equal("1e400", dir.Ok("get", "/b/x", "1").Stdout.TrimEnd('\n'));
        Assert.Equal("99999999999999999999", dir.Ok("get", "/b/n", "2").Stdout.TrimEnd('\n'));
    }

    [Fact]
    public void Types_that_do_not_fit_are_refused_before_anything_is_staged()
    {
        using var dir = new TempDir();
        dir.Ok("init", "--user", "Test", "--email", "test@example.com");
        File.WriteAllText(dir.File("t.csv"), "a,b\n1,x\n");
        var unknown = dir.FailsJson(ErrorCode.InvalidArgument, "import", "csv", "t.csv", "--into", "/t", "--types", "zip=str").GetProperty("message").GetString()!;
        Assert.Contains("t.csv has no column 'zip' (--types). Its columns are: a, b.", unknown, StringComparison.Ordinal);
        dir.FailsJson(ErrorCode.Usage, "import", "csv", "t.csv", "--into", "/t", "--types", "a=text");
        dir.FailsJson(ErrorCode.Usage, "import", "csv", "t.csv", "--into", "/t", "--types", "a");
        var mismatch = dir.FailsJson(ErrorCode.InvalidArgument, "import", "csv", "t.csv", "--into", "/t", "--types", "b=int64").GetProperty("message").GetString()!;
        Assert.Contains("'x' in column 'b' is not an integer", mismatch, StringComparison.Ordinal);
        dir.Fails(ErrorCode.Usage, "import", "parquet", "t.csv", "--into", "/t", "--types", "a=str");
        Assert.Empty(dir.Ok("status", "--json").Json.GetProperty("staged").EnumerateArray());
    }
}
