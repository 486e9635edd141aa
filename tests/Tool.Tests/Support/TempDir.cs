namespace Tessera.Tool.Tests.Support;

/// <summary>A fresh folder for one test, with helpers to run the tool in it; deleted on dispose.</summary>
public sealed class TempDir : IDisposable
{
    private readonly bool owned;

    public TempDir()
    {
        this.Path = Directory.CreateTempSubdirectory("tensor-cli-").FullName;
        this.owned = true;
    }

    private TempDir(string path) => this.Path = path;

    public string Path { get; }

    /// <summary>The same helpers in another folder (created if needed), which dispose leaves in place.</summary>
    public static TempDir At(string path)
    {
        Directory.CreateDirectory(path);
        return new TempDir(path);
    }

    /// <summary>Runs the tool here and checks the exit code.</summary>
    public ToolResult Ok(params string[] args)
    {
        var result = TensorTool.Run(this.Path, args);
        Assert.True(result.ExitCode == 0, $"dotnet tensor {string.Join(' ', args)}: {result}");
        return result;
    }

    /// <summary>Runs the tool here and expects it to fail with <paramref name="code"/> (text on stderr, nothing on stdout).</summary>
    public ToolResult Fails(ErrorCode code, params string[] args)
    {
        var result = TensorTool.Run(this.Path, args);
        Assert.True(result.ExitCode == code.ExitCode(), $"expected exit {code.ExitCode()} ({code.Name()}) from dotnet tensor {string.Join(' ', args)}: {result}");
        return result;
    }

    /// <summary>Like <see cref="Fails"/> with <c>--json</c>, returning the parsed error object after checking its code and exit.</summary>
    public System.Text.Json.JsonElement FailsJson(ErrorCode code, params string[] args)
    {
        var result = this.Fails(code, [.. args, "--json"]);
        var error = result.Error;
        Assert.Equal(code.Name(), error.GetProperty("code").GetString());
        Assert.Equal(code.ExitCode(), error.GetProperty("exit").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        return error;
    }

    public string File(string name) => System.IO.Path.Combine(this.Path, name);

    /// <summary>An initialized repository with /images (uint8 2x2) and /captions (str) and one commit of keys 0..3.</summary>
    public void Seed()
    {
        this.Ok("init", "--user", "Test", "--email", "test@example.com");
        this.Ok("column", "add", "/images", "--dtype", "uint8", "--shape", "2,2");
        this.Ok("column", "add", "/captions", "--kind", "str");
        Npy.Write(this.File("batch.npy"), Enumerable.Range(0, 16).Select(i => (byte)i).ToArray(), 4, 2, 2);
        this.Ok("put", "/images", "0", "--npy", "batch.npy", "--stacked");
        for (int i = 0; i < 4; i++)
            this.Ok("put", "/captions", i.ToString(System.Globalization.CultureInfo.InvariantCulture), "--text", $"caption {i}");
        this.Ok("commit", "-m", "seed");
    }

    public void Dispose()
    {
        if (!this.owned)
            return;
        try
        {
            Directory.Delete(this.Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
