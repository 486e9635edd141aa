using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Tessera;

/// <summary>
/// SHA-256 of one or two spans. Where OpenSSL's libcrypto is loadable (Linux), its low-level
/// <c>SHA256_Init/Update/Final</c> are called directly: .NET's one-shot API goes through OpenSSL's
/// EVP layer, which costs 0.6–0.9 µs per call, several times the hashing of a small sample itself
/// (tensor data is mostly small samples). Elsewhere, and if libcrypto fails its self-test, .NET's
/// implementation is used; both give the same digest (tested).
/// </summary>
internal static unsafe class Sha256
{
    public const int Size = 32;

    /// <summary>OpenSSL's SHA256_CTX is 112 bytes; room to spare.</summary>
    private const int ContextSize = 128;

    private static readonly delegate* unmanaged<byte*, int> Init;
    private static readonly delegate* unmanaged<byte*, byte*, nuint, int> Update;
    private static readonly delegate* unmanaged<byte*, byte*, int> Final;

    static Sha256()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libcrypto.so.3", typeof(Sha256).Assembly, null, out var lib))
            return;
        if (!NativeLibrary.TryGetExport(lib, "SHA256_Init", out var init)
            || !NativeLibrary.TryGetExport(lib, "SHA256_Update", out var update)
            || !NativeLibrary.TryGetExport(lib, "SHA256_Final", out var final))
            return;
        Init = (delegate* unmanaged<byte*, int>)init;
        Update = (delegate* unmanaged<byte*, byte*, nuint, int>)update;
        Final = (delegate* unmanaged<byte*, byte*, int>)final;
        if (!SelfTestPasses())
            Init = null;
    }

    /// <summary>True when the native fast path is in use (for tests and diagnostics).</summary>
    public static bool IsNative => Init != null;

    public static void Hash(ReadOnlySpan<byte> data, Span<byte> digest) => Hash(data, [], digest);

    /// <summary>The digest of <paramref name="first"/> followed by <paramref name="second"/>, without joining them.</summary>
    public static void Hash(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> digest)
    {
        if (digest.Length < Size)
            throw new ArgumentException("The digest needs 32 bytes.", nameof(digest));
        if (Init == null)
        {
            Managed(first, second, digest);
            return;
        }
        byte* context = stackalloc byte[ContextSize];
        fixed (byte* a = first)
        fixed (byte* b = second)
        fixed (byte* d = digest)
        {
            Init(context);
            if (first.Length > 0)
                Update(context, a, (nuint)first.Length);
            if (second.Length > 0)
                Update(context, b, (nuint)second.Length);
            Final(d, context);
        }
    }

    private static void Managed(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> digest)
    {
        if (second.IsEmpty)
        {
            SHA256.HashData(first, digest);
            return;
        }
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(first);
        sha.AppendData(second);
        sha.GetHashAndReset(digest);
    }

    /// <summary>Digests of a few lengths around the block size must match .NET's; otherwise the native path is not trusted.</summary>
    private static bool SelfTestPasses()
    {
        Span<byte> data = stackalloc byte[200];
        for (int i = 0; i < data.Length; i++)
            data[i] = (byte)(i * 31 + 7);
        Span<byte> native = stackalloc byte[Size];
        Span<byte> reference = stackalloc byte[Size];
        foreach (int length in (ReadOnlySpan<int>)[0, 3, 55, 56, 64, 200])
        {
            Hash(data[..(length / 2)], data[(length / 2)..length], native);
            SHA256.HashData(data[..length], reference);
            if (!native.SequenceEqual(reference))
                return false;
        }
        return true;
    }
}
