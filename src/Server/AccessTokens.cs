namespace Tessera.Server;

/// <summary>What a bearer token allows; each scope includes the ones before it.</summary>
internal enum Scope
{
    Read,

    /// <summary>Push: send objects, create branches and tags, move branches forward.</summary>
    Write,

    /// <summary>Also move a branch to a commit that does not contain its tip (<c>push --force</c>).</summary>
    Force,
}

/// <summary>
/// Bearer tokens from a token file: one <c>TOKEN SCOPE</c> per line (scope <c>read</c>,
/// <c>write</c> or <c>force</c>; each includes the ones before), <c>#</c> starts a comment.
/// </summary>
internal sealed class AccessTokens
{
    private readonly Dictionary<string, Scope> tokens;

    private AccessTokens(Dictionary<string, Scope> tokens) => this.tokens = tokens;

    /// <summary>No token file: everyone may read, write and force (loopback only).</summary>
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
            Scope? scope = parts.Length == 2 ? parts[1] switch { "read" => Scope.Read, "write" => Scope.Write, "force" => Scope.Force, _ => null } : null;
            if (scope is null || parts[0].Length < 16)
            {
                throw new InvalidInputException(ErrorCode.InvalidArgument,
                    $"{file}:{number}: expected 'TOKEN read', 'TOKEN write' or 'TOKEN force' with a token of at least 16 characters.");
            }
            tokens[parts[0]] = scope.Value;
        }
        if (tokens.Count == 0)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"{file} holds no tokens; add lines 'TOKEN read', 'TOKEN write' or 'TOKEN force'.");
        return new AccessTokens(tokens);
    }

    /// <summary>The scope of the request's bearer token; null when it has none or an unknown one.</summary>
    public Scope? Check(string? authorization)
    {
        if (this.Open)
            return Scope.Force;
        const string prefix = "Bearer ";
        if (authorization is null || !authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            return null;
        return this.tokens.TryGetValue(authorization[prefix.Length..].Trim(), out var scope) ? scope : null;
    }
}
