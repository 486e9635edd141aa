namespace Tessera.Adapters;

/// <summary>
/// How the adapters (Tessera.MLNet, Tessera.DataFrame; this file is compiled into each) name the
/// columns they show: the name given for a column's path, else the last segment of its path; a
/// key column first; no two alike.
/// </summary>
internal static class ColumnNames
{
    public static string Of(string path, IReadOnlyDictionary<string, string> given)
    {
        foreach (var (key, name) in given)
        {
            if (Names.NormalizePath(key) == path)
                return string.IsNullOrWhiteSpace(name) ? throw new InvalidInputException(ErrorCode.InvalidName, $"The name given to {path} in Names is empty.") : name;
        }
        return Names.LeafOf(path);
    }

    /// <summary>Checks that the key column (if any) and the columns (name, path) have distinct, non-empty names.</summary>
    public static void CheckDistinct(string? keyColumn, IEnumerable<(string Name, string Path)> columns)
    {
        if (keyColumn is not null && string.IsNullOrWhiteSpace(keyColumn))
            throw new InvalidInputException(ErrorCode.InvalidName, "KeyColumn is empty: name the key column, or set it to null for none.");
        var taken = new Dictionary<string, string>(StringComparer.Ordinal);
        if (keyColumn is not null)
            taken[keyColumn] = "the key column";
        foreach (var (name, path) in columns)
        {
            if (!taken.TryAdd(name, path))
            {
                throw new InvalidInputException(ErrorCode.InvalidArgument,
                    $"Two columns would be named '{name}' ({taken[name]} and {path}): name one otherwise in Names, or the key column in KeyColumn.");
            }
        }
    }
}
