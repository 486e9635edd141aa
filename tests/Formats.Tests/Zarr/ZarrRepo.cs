using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Tessera.Formats.Tests.TestSupport;

namespace Tessera.Formats.Tests.Zarr;

/// <summary>A repository and a scratch folder for Zarr stores, deleted afterwards.</summary>
internal sealed class ZarrRepo : IDisposable
{
    public ZarrRepo()
    {
        this.Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tessera-zarr-" + Guid.NewGuid().ToString("N"));
        this.Repo = Repository.Init(System.IO.Path.Combine(this.Directory, "repo"), new InitOptions { UserName = "Test", UserEmail = "test@example.com" });
    }

    public string Directory { get; }

    public Repository Repo { get; }

    public string Store(string name) => System.IO.Path.Combine(this.Directory, name);

    /// <summary>zarrita's view of a store: its nodes by path.</summary>
    public static Dictionary<string, JsonObject> ReadWithZarrita(string store) =>
        JsonNode.Parse(NodeOracle.Run("zarrita-read.mjs", store))!["nodes"]!.AsArray()
            .Select(n => n!.AsObject()).ToDictionary(n => n["path"]!.GetValue<string>());

    /// <summary>The hash zarrita-read.mjs prints: over the elements, every float NaN made the canonical quiet NaN.</summary>
    public static string Sha256(ArrayReader array)
    {
        var bytes = array.ReadBytes();
        if (array.Schema.DType == DType.Float32)
            Canonicalize(MemoryMarshal.Cast<byte, float>(bytes.AsSpan()), BitConverter.Int32BitsToSingle(0x7FC00000));
        if (array.Schema.DType == DType.Float64)
            Canonicalize(MemoryMarshal.Cast<byte, double>(bytes.AsSpan()), BitConverter.Int64BitsToDouble(0x7FF8000000000000));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static void Canonicalize<T>(Span<T> values, T nan) where T : IFloatingPointIeee754<T>
    {
        foreach (ref var v in values)
        {
            if (T.IsNaN(v))
                v = nan;
        }
    }

    public void Dispose()
    {
        this.Repo.Dispose();
        System.IO.Directory.Delete(this.Directory, recursive: true);
    }
}
