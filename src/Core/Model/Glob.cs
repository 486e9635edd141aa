using System.Text.RegularExpressions;

namespace Tessera;

/// <summary>Path globs: <c>*</c> within a segment, <c>**</c> across segments, <c>?</c> one character.</summary>
public static class Glob
{
    public static bool IsPattern(string text) => text.IndexOfAny(['*', '?']) >= 0;

    /// <summary>A pattern over plain text such as sample keys: <c>*</c> any characters, <c>?</c> one.</summary>
    public static Func<string, bool> TextMatcher(string pattern)
    {
        var regex = "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$";
        var compiled = new Regex(regex, RegexOptions.CultureInvariant | RegexOptions.Singleline);
        return compiled.IsMatch;
    }

    public static Func<string, bool> Matcher(string pattern)
    {
        var normalized = "/" + pattern.Trim().Trim('/');
        var regex = "^" + Regex.Escape(normalized).Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", "[^/]", StringComparison.Ordinal) + "$";
        var compiled = new Regex(regex, RegexOptions.CultureInvariant);
        return path => compiled.IsMatch(path) || path.StartsWith(normalized + "/", StringComparison.Ordinal) && !IsPattern(pattern);
    }
}
