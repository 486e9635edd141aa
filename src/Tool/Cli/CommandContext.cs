using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tessera.Tool.Cli;

/// <summary>
/// What a running command needs besides its own arguments: the global options, the repository
/// (found from <c>-C</c> upwards, like git), output writers and progress.
/// </summary>
internal sealed class CommandContext
{
    public CommandContext(ParseResult parse)
    {
        this.Parse = parse;
        this.Directory = Path.GetFullPath(parse.GetValue(GlobalOptions.Directory) ?? ".");
        this.Json = parse.GetValue(GlobalOptions.Json);
        this.ShowProgress = !parse.GetValue(GlobalOptions.NoProgress) && !Console.IsErrorRedirected;
    }

    public ParseResult Parse { get; }

    /// <summary>The folder given with <c>-C</c>, or the current one.</summary>
    public string Directory { get; }

    public bool Json { get; }

    public bool ShowProgress { get; }

    public TextWriter Out => Console.Out;

    public Paint Paint { get; } = Paint.ForStdout();

    public T Get<T>(Option<T> option) => this.Parse.GetValue(option)!;

    public T Get<T>(Argument<T> argument) => this.Parse.GetValue(argument)!;

    /// <summary>A file argument, relative to <c>-C</c> as git reads them.</summary>
    public string ResolveFile(string path) => Path.GetFullPath(path, this.Directory);

    /// <summary>Opens the repository holding <see cref="Directory"/>.</summary>
    public Repository OpenRepository()
    {
        if (!System.IO.Directory.Exists(this.Directory))
            throw new TesseraException(ErrorCode.Io, $"No such folder: '{this.Directory}'{(this.Parse.GetValue(GlobalOptions.Directory) is null ? "" : " (given with -C)")}. Check the path.");
        var root = Repository.Discover(this.Directory) ?? throw new RepositoryNotFoundException(
            $"'{this.Directory}' is not in a Tessera repository (no .tensor/ folder here or above).");
        var repo = Repository.Open(root);
        if (this.Parse.GetValue(GlobalOptions.AutoFetch))
            repo.Remotes.EnableAutoFetch();
        return repo;
    }

    /// <summary>Writes one JSON document on stdout: indented for a terminal, compact for a pipe.</summary>
    public void WriteJson(Action<Utf8JsonWriter> write)
    {
        Console.Out.Flush();
        using var stdout = Console.OpenStandardOutput();
        using (var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = !Console.IsOutputRedirected, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            write(w);
        stdout.Write("\n"u8);
    }

    /// <summary>Runs long work with a progress bar on stderr when that is a terminal and allowed.</summary>
    public T WithProgress<T>(string description, Func<IProgress<double>?, T> work) =>
        this.ShowProgress ? ProgressBar.Run(description, work) : work(null);
}
