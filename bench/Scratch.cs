namespace Tessera.Bench;

/// <summary>A temporary folder for one run of a workload.</summary>
internal sealed class Scratch : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("tessera-bench-").FullName;

    public static long SizeOf(string dir) =>
        new DirectoryInfo(dir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    public void Dispose() => Directory.Delete(this.Dir, recursive: true);
}
