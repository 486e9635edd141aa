using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Pins;

/// <summary>
/// Dataset names: they become C# identifiers and folder names, so both must accept them. The
/// classes generated for datasets and their columns are named by the rule of docs/msbuild.md
/// ("Generated names"), which never gives two siblings one name nor a name already taken.
/// </summary>
public static class PinNames
{
    /// <summary>The longest class name generated, well under the 1023 bytes metadata allows a name (CS7013).</summary>
    public const int MaxIdentifierLength = 512;

    /// <summary>How many hex digits of a long name's hash end its shortened class name.</summary>
    private const int HashDigits = 12;

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 64 && char.IsAsciiLetter(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    /// <summary>The PascalCase identifier of a name or path segment: <c>train_images</c> → <c>TrainImages</c>.</summary>
    public static string Identifier(string name)
    {
        var sb = new StringBuilder(name.Length);
        bool upper = true;
        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                upper = true;
                continue;
            }
            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        if (sb.Length == 0 || char.IsAsciiDigit(sb[0]))
            sb.Insert(0, '_');
        return sb.ToString();
    }

    /// <summary>
    /// Class names for sibling datasets (by name) or columns (by path), in their order. A name is
    /// its PascalCase <see cref="Identifier"/>; when several siblings share that, each of them is
    /// <c>Identifier_Escaped</c> instead (<see cref="Escape"/>: <c>my-col</c> → <c>MyCol_my_2Dcol</c>),
    /// so a new sibling never takes over the class of another; a name longer than
    /// <see cref="MaxIdentifierLength"/> is cut and ends with a hash of the name; then <c>_</c> is
    /// appended while the name is in <paramref name="taken"/> (the enclosing class and the members
    /// beside or inside it).
    /// </summary>
    /// <remarks>
    /// The forms cannot meet: a PascalCase name has no <c>_</c> after its first character, an
    /// escaped one has a <c>_</c> followed by a letter or digit after it, and an appended <c>_</c>
    /// is never followed by anything; escaping is one-to-one. Cut names (of paths hundreds of
    /// characters long) differ by their hash.
    /// </remarks>
    public static IReadOnlyList<string> Identifiers(IReadOnlyList<string> names, IReadOnlySet<string> taken)
    {
        var plain = names.Select(Identifier).ToList();
        var shared = plain.CountBy(p => p).Where(c => c.Value > 1).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        return names.Select((name, i) =>
        {
            var identifier = shared.Contains(plain[i]) ? $"{plain[i]}_{Escape(name)}" : plain[i];
            if (identifier.Length > MaxIdentifierLength)
                identifier = $"{identifier[..(MaxIdentifierLength - HashDigits - 1)]}_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..HashDigits]}";
            while (taken.Contains(identifier))
                identifier += "_";
            return identifier;
        }).ToList();
    }

    /// <summary>A name or path (without its leading '/') with letters and digits kept and every other character as <c>_</c> and its two hex digits.</summary>
    private static string Escape(string name)
    {
        var sb = new StringBuilder(name.Length * 2);
        foreach (char c in name.TrimStart('/'))
        {
            if (char.IsAsciiLetterOrDigit(c))
                sb.Append(c);
            else
                sb.Append('_').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
