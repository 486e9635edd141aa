using System.CommandLine;
using System.Globalization;

namespace Tessera.Tool.Cli;

/// <summary>Parsers for the argument forms several commands share: sample keys and shapes.</summary>
internal static class Arguments
{
    public static Argument<string> NodePath(string description = "Node path, e.g. /mnist/images") => new("PATH") { Description = description };

    public static Argument<string> Key() => new("KEY")
    {
        Description = "Sample key: digits are an integer key, \"0\" or s:0 a string key; KEY/SUBKEY in a nested column",
    };

    /// <summary>A key as typed: <c>7</c>, <c>cat</c>, <c>s:7</c>, or <c>7/2</c> for a nested column.</summary>
    public static (SampleKey Key, SampleKey? Subkey) ParseKey(string text)
    {
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (SampleKey.Parse(text), (SampleKey?)null) : (SampleKey.Parse(text[..slash]), SampleKey.Parse(text[(slash + 1)..]));
    }

    /// <summary>Narrows a column reader to where a typed key points (the nested level for KEY/SUBKEY).</summary>
    public static (TReader Reader, SampleKey Key) Locate<TReader>(TReader column, string keyText, Func<TReader, SampleKey, TReader> nested)
    {
        var (key, subkey) = ParseKey(keyText);
        return subkey is { } sub ? (nested(column, key), sub) : (column, key);
    }

    /// <summary>A shape as typed: <c>28,28</c>, <c>28x28</c>, <c>(28, 28)</c>; empty or <c>()</c> is a scalar.</summary>
    public static int[] ParseShape(string text)
    {
        var parts = text.Trim().TrimStart('(').TrimEnd(')').Split([',', 'x', ' '], StringSplitOptions.RemoveEmptyEntries);
        var shape = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
                throw new InvalidInputException(ErrorCode.InvalidSchema, $"'{text}' is not a shape: write dimensions separated by commas, e.g. 28,28 (empty for a scalar).");
        }
        return shape;
    }
}
