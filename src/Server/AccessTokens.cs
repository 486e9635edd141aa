namespace Tessera.Server;

/// <summary>What a bearer token allows.</summary>
internal enum Scope
{
    Read,
    Write,
}

/// <summary>
/// Bearer tokens from a token file: one <c>TOKEN SCOPE</c> per line (scope <c>read</c> or
/// <c>write</c>; write includes read), <c>#</c> starts a comment.
/// </summary>
internal sealed class AccessTokens
{
    private readonly Dictionary<string, Scope> tokens;

    private AccessTokens(Dictionary<string, Scope> tokens) => this.tokens = tokens;

    /// <summary>No token file: everyone may read and write (loopback only).</summary>
    public bool Open => this.tokens.Count == 0;

    public static AccessTokens None { get; } = new([]);

    public static AccessTokens Load(string file)
    {
        var tokens = new Dictionary<string, Scope>(StringComparer.Ordinal);
        int number = 0;
        foreach (var raw in File.ReadLines(file))
        {
            number++;
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0)
                continue;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || parts[0].Length < 16 || parts[1] is not ("read" or "write"))
            {
                throw new InvalidInputException(ErrorCode.InvalidArgument,
                    $"{file}:{number}: expected 'TOKEN read' or 'TOKEN write' with a token of at least 16 characters.");
            }
            tokens[parts[0]] = parts[1] == "write" ? Scope.Write : Scope.Read;
        }
        if (tokens.Count == 0)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"{file} holds no tokens; add lines 'TOKEN read' or 'TOKEN write'.");
        return new AccessTokens(tokens);
    }

    /// <summary>The scope of the request's bearer token; null when it has none or an unknown one.</summary>
    public Scope? Check(string? authorization)
    {
        if (this.Open)
            return Scope.Write;
        const string prefix = "Bearer ";
        if (authorization is null || !authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            return null;
        return this.tokens.TryGetValue(authorization[prefix.Length..].Trim(), out var scope) ? scope : null;
    }
}
