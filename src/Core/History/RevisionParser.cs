using System.Globalization;
using System.Text.RegularExpressions;

namespace Tessera.History;

/// <summary>
/// Resolves revisions as git does: <c>HEAD</c>, a branch, a tag, a full or abbreviated (≥ 4 hex
/// digits) commit id, followed by any number of <c>~n</c> (n-th first-parent ancestor) and
/// <c>^n</c> (n-th parent) suffixes.
/// </summary>
internal static partial class RevisionParser
{
    public static Commit Resolve(Repository repo, string revision)
    {
        if (string.IsNullOrWhiteSpace(revision))
            throw new InvalidInputException(ErrorCode.InvalidRevision, "An empty revision was given.");
        var match = Suffixes().Match(revision);
        string name = revision[..match.Index];
        var commit = ResolveName(repo, name, revision);
        foreach (Capture step in match.Groups["step"].Captures)
        {
            char op = step.Value[0];
            int n = 1;
            if (step.Value.Length > 1 && !int.TryParse(step.Value[1..], NumberStyles.None, CultureInfo.InvariantCulture, out n))
            {
                throw new NotFoundException(ErrorCode.RefNotFound,
                    $"'{revision}' goes past the history: {step.Value[1..]} is more generations or parents than any commit has.");
            }
            if (op == '~')
            {
                for (int i = 0; i < n; i++)
                    commit = Parent(repo, commit, 0, revision);
            }
            else if (n > 0)
            {
                commit = Parent(repo, commit, n - 1, revision);
            }
        }
        return commit;
    }

    private static Commit Parent(Repository repo, Commit commit, int index, string revision)
    {
        if (index >= commit.Parents.Count)
        {
            throw new NotFoundException(ErrorCode.RefNotFound,
                $"'{revision}' goes past the history: commit {commit.ShortId} has {commit.Parents.Count} parent(s).");
        }
        return repo.CommitStore.Get(commit.Parents[index]);
    }

    private static Commit ResolveName(Repository repo, string name, string revision)
    {
        if (name == "HEAD" || name == "@")
        {
            return repo.Head ?? throw new NotFoundException(ErrorCode.RefNotFound,
                $"Branch '{repo.HeadBranch}' has no commits yet; commit something first.");
        }
        if (repo.Refs.Get(RefKind.Branch, name) is { } branch)
            return repo.CommitStore.Get(branch);
        if (repo.Refs.Get(RefKind.Tag, name) is { } tag)
            return repo.CommitStore.Get(tag);
        if (repo.Refs.Get(RefKind.Remote, name) is { } tracking)
            return repo.CommitStore.Get(tracking);
        if (name.Length >= 4 && name.Length <= ObjectId.Size * 2 && name.All(char.IsAsciiHexDigit))
        {
            var found = repo.CommitStore.FindByPrefix(name.ToLowerInvariant());
            if (found.Count == 1)
                return repo.CommitStore.Get(found[0]);
            if (found.Count > 1)
                throw new InvalidInputException(ErrorCode.AmbiguousRef, $"Commit prefix '{name}' is ambiguous; give more digits.");
        }
        if (name.Length == 0 || !Names.IsValid(name.Split('/')[0]))
            throw new InvalidInputException(ErrorCode.InvalidRevision, $"'{revision}' is not a valid revision.");
        throw new NotFoundException(ErrorCode.RefNotFound,
            $"Unknown revision '{name}': no branch, tag or commit of that name.").With(ErrorDetail.Revision, name);
    }

    [GeneratedRegex(@"(?<step>[~^]\d*)*$")]
    private static partial Regex Suffixes();
}
