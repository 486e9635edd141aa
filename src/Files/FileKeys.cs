using System.Text;

namespace Tessera.Files;

/// <summary>
/// The reversible mapping between a file's path relative to the imported folder and its sample key
/// (keys are 1 to 64 ASCII letters, digits, '_', '-' or '.', starting with a letter, digit or '_').
/// <list type="bullet">
/// <item>'/' becomes "--": <c>cat/001.png</c> → <c>cat--001.png</c>;</item>
/// <item>'-' and every byte of the UTF-8 path that is not a letter, digit, '_' or '.' becomes '-' and two
/// upper-case hex digits: <c>a b-c.png</c> → <c>a-20b-2Dc.png</c>;</item>
/// <item>a key that would start with '-' or '_' gets one more '_' in front, which decoding drops:
/// <c>-x.png</c> → <c>_-2Dx.png</c>, <c>_x.png</c> → <c>__x.png</c>.</item>
/// </list>
/// Letters, digits, '_' and '.' (the characters of most image names) stay as they are.
/// </summary>
public static class FileKeys
{
    private const string Hex = "0123456789ABCDEF";

    /// <summary>The key of <paramref name="relativePath"/> ('/'-separated), or null when it would be longer than <see cref="Names.MaxLength"/>.</summary>
    public static string? TryEncode(string relativePath)
    {
        var key = new StringBuilder(relativePath.Length + 8);
        foreach (byte b in Encoding.UTF8.GetBytes(relativePath))
        {
            char c = (char)b;
            if (c == '/')
                key.Append("--");
            else if (char.IsAsciiLetterOrDigit(c) || c == '_' || c == '.')
                key.Append(c);
            else
                key.Append('-').Append(Hex[b >> 4]).Append(Hex[b & 15]);
        }
        if (key.Length > 0 && key[0] is '-' or '_')
            key.Insert(0, '_');
        return key.Length <= Names.MaxLength ? key.ToString() : null;
    }

    /// <summary>
    /// The relative path ('/'-separated) whose key is <paramref name="key"/>; null when the key is not one
    /// <see cref="TryEncode"/> makes from a folder's file (so never a path with an empty, "." or ".." segment,
    /// which could write outside the export folder).
    /// </summary>
    public static string? TryDecode(string key)
    {
        int i = key.StartsWith('_') ? 1 : 0;
        var bytes = new List<byte>(key.Length);
        while (i < key.Length)
        {
            char c = key[i];
            if (c != '-')
            {
                bytes.Add((byte)c);
                i++;
            }
            else if (i + 1 < key.Length && key[i + 1] == '-')
            {
                bytes.Add((byte)'/');
                i += 2;
            }
            else if (i + 2 < key.Length && Hex.Contains(key[i + 1]) && Hex.Contains(key[i + 2]))
            {
                bytes.Add((byte)((Hex.IndexOf(key[i + 1]) << 4) | Hex.IndexOf(key[i + 2])));
                i += 3;
            }
            else
            {
                return null;
            }
        }
        try
        {
            string path = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString([.. bytes]);
            return path.Split('/').Any(s => s is "" or "." or "..") ? null : path;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
