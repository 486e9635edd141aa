using System.Globalization;
using System.Text;

namespace Tessera.Formats.Mapping;

/// <summary>
/// <c>--rename FROM=TO</c>: file columns whose names are not node names (<c>my col</c>, <c>ü</c>)
/// are imported under another name; the original is kept in the column's <c>parquet</c> attribute.
/// </summary>
public static class Renames
{
    /// <summary>Parses <c>FROM=TO</c> pairs; TO follows the last '=', which node names never hold.</summary>
    public static IReadOnlyDictionary<string, string> Parse(IEnumerable<string> pairs)
    {
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in pairs)
        {
            int split = pair.LastIndexOf('=');
            if (split <= 0 || split == pair.Length - 1)
                throw new InvalidInputException(ErrorCode.Usage, $"--rename '{pair}' is not FROM=TO. Write e.g. --rename 'my col=my_col'.");
            if (!renames.TryAdd(pair[..split], pair[(split + 1)..]))
                throw new InvalidInputException(ErrorCode.Usage, $"--rename names the column '{pair[..split]}' twice.");
        }
        return renames;
    }

    /// <summary>Checks that every renamed column is in the file and every new name a node name.</summary>
    internal static IReadOnlyDictionary<string, string> Check(IReadOnlyDictionary<string, string>? renames, IReadOnlyList<string> columns, string file)
    {
        if (renames is null)
            return new Dictionary<string, string>();
        foreach (var (from, to) in renames)
        {
            if (!columns.Contains(from))
                throw new InvalidInputException(ErrorCode.InvalidArgument, $"{file} has no column '{from}' (--rename). Its columns are: {string.Join(", ", columns)}.");
            if (!Names.IsValid(to))
                throw new InvalidInputException(ErrorCode.InvalidName, $"--rename '{from}={to}': '{to}' is not a node name (1 to {Names.MaxLength} ASCII letters, digits, '_', '-' or '.'). Try --rename '{from}={Suggest(from)}'.");
        }
        return renames;
    }

    /// <summary>A node name close to <paramref name="name"/>: accents dropped, other characters '_'.</summary>
    public static string Suggest(string name)
    {
        var text = new StringBuilder();
        foreach (char c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_');
        }
        string suggestion = text.ToString().TrimStart('.', '-');
        suggestion = suggestion.Length == 0 ? "column" : suggestion;
        return suggestion.Length > Names.MaxLength ? suggestion[..Names.MaxLength] : suggestion;
    }
}
