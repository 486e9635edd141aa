namespace Tessera.Remotes.Tests.Support;

/// <summary>A scratch folder removed after the test.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(this.Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tessera-remotes-" + Guid.NewGuid().ToString("N")[..12]);

    public string Sub(string name) => System.IO.Path.Combine(this.Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(this.Path, recursive: true);
        }
        catch (IOException)
        {
            // A server still closing its files; the OS temp folder is cleaned anyway.
        }
    }
}
