namespace Tessera;

/// <summary>The rules for node names, paths, branch names and string keys.</summary>
public static class Names
{
    public const int MaxLength = 64;

    /// <summary>
    /// A name is 1 to 64 ASCII letters, digits, '_', '-' or '.', not starting with '.' or '-'
    /// (so no path traversal, no hidden names, no option look-alikes).
    /// </summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || name[0] == '.' || name[0] == '-')
            return false;
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-' || c == '.'))
                return false;
        }
        return true;
    }

    public static void Validate(string? name, string what)
    {
        if (!IsValid(name))
        {
            throw new InvalidInputException(ErrorCode.InvalidName,
                $"Invalid {what} '{name}': use 1 to {MaxLength} ASCII letters, digits, '_', '-' or '.', not starting with '.' or '-'.");
        }
    }

    internal static void ValidateKey(string? key)
    {
        if (!IsValid(key))
        {
            throw new InvalidInputException(ErrorCode.InvalidKey,
                $"Invalid key '{key}': string keys are 1 to {MaxLength} ASCII letters, digits, '_', '-' or '.', not starting with '.' or '-'.");
        }
    }

    /// <summary>Validates and normalizes a node path such as <c>/mnist/train_images</c> (the leading '/' is optional).</summary>
    public static string NormalizePath(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Trim() == "/")
            throw new InvalidInputException(ErrorCode.InvalidName, "A node path is needed, e.g. /mnist/images.");
        var parts = path.Trim().Trim('/').Split('/');
        foreach (var part in parts)
            Validate(part, "path segment");
        if (parts.Length > 16)
            throw new InvalidInputException(ErrorCode.InvalidName, $"Path '{path}' is nested more than 16 levels deep.");
        return "/" + string.Join('/', parts);
    }

    /// <summary>The parent path of a normalized path ("/" for top-level nodes).</summary>
    public static string ParentOf(string path)
    {
        int i = path.LastIndexOf('/');
        return i <= 0 ? "/" : path[..i];
    }

    /// <summary>The last segment of a normalized path.</summary>
    public static string LeafOf(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>Validates a branch or tag name: segments as names, joined by '/'.</summary>
    public static void ValidateRef(string? name, string what)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 128 || name.Equals("HEAD", StringComparison.Ordinal))
            throw new InvalidInputException(ErrorCode.InvalidName, $"Invalid {what} name '{name}'.");
        if (name.Contains("..", StringComparison.Ordinal))
            throw new InvalidInputException(ErrorCode.InvalidName, $"Invalid {what} name '{name}': '..' separates the two ends of a revision range (A..B), so names cannot hold it.");
        foreach (var part in name.Split('/'))
            Validate(part, what + " name segment");
    }
}
