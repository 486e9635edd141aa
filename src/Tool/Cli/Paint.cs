namespace Tessera.Tool.Cli;

/// <summary>
/// ANSI colours for text output, on only when stdout is a terminal (and NO_COLOR is unset), so
/// piped output stays plain. Plain escape codes rather than Spectre markup keep start-up cheap.
/// </summary>
internal sealed class Paint(bool enabled)
{
    public static Paint ForStdout() => new(!Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb");

    public static Paint ForStderr() => new(!Console.IsErrorRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb");

    public bool Enabled => enabled;

    public string Commit(string text) => this.Wrap("33", text);

    public string Added(string text) => this.Wrap("32", text);

    public string Removed(string text) => this.Wrap("31", text);

    public string Changed(string text) => this.Wrap("36", text);

    public string Branch(string text) => this.Wrap("1;32", text);

    public string Strong(string text) => this.Wrap("1", text);

    public string Dim(string text) => this.Wrap("2", text);

    public string Error(string text) => this.Wrap("1;31", text);

    public string Warning(string text) => this.Wrap("1;33", text);

    /// <summary>Graph lanes cycle through a few colours, as git's do.</summary>
    public string Lane(int lane, string text) => this.Wrap(LaneColours[lane % LaneColours.Length], text);

    private static readonly string[] LaneColours = ["31", "32", "33", "34", "35", "36"];

    private string Wrap(string code, string text) => enabled ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
