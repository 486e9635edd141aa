using System.Text.Json.Nodes;

namespace Tessera;

/// <summary>
/// Which keys of a column to use: all of them, a list, a range of integer keys, a pattern over the
/// keys' text, or a named split (a selection stored in the <c>splits</c> attribute of the column
/// or of a group above it, e.g. <c>{"train": "0:60000", "test": "60000:70000"}</c>).
/// </summary>
public sealed record KeySelection
{
    private KeySelection(string description) => this.Description = description;

    /// <summary>How the selection was asked for: <c>all</c>, <c>0:60000</c>, <c>cat_*</c>, <c>split:train</c>, <c>3 key(s)</c>.</summary>
    public string Description { get; }

    public static KeySelection All { get; } = new("all");

    private IReadOnlySet<SampleKey>? List { get; init; }

    private (long From, long To)? Range { get; init; }

    private string? Pattern { get; init; }

    private string? SplitName { get; init; }

    public static KeySelection Of(IEnumerable<SampleKey> keys)
    {
        var set = keys.ToHashSet();
        return new KeySelection($"{set.Count} key(s)") { List = set };
    }

    /// <summary>The integer keys from <paramref name="from"/> up to, not including, <paramref name="to"/>.</summary>
    public static KeySelection Between(long from, long to)
    {
        if (from < 0 || to < from)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"A key range runs from a key ≥ 0 up to a larger one; {from}:{to} does not.");
        return new KeySelection($"{from}:{to}") { Range = (from, to) };
    }

    /// <summary>Keys whose text (as the CLI prints it) matches: <c>*</c> any characters, <c>?</c> one.</summary>
    public static KeySelection Matching(string pattern) => new(pattern) { Pattern = pattern };

    /// <summary>A named split, read from the <c>splits</c> attribute when the selection is applied.</summary>
    public static KeySelection Split(string name) => string.IsNullOrEmpty(name)
        ? throw new InvalidInputException(ErrorCode.InvalidArgument, $"A split needs its name, e.g. {SplitPrefix}train.")
        : new($"{SplitPrefix}{name}") { SplitName = name };

    /// <summary>What names a split in the CLI form; no key holds ':', so it is never a key.</summary>
    private const string SplitPrefix = "split:";

    /// <summary>
    /// Parses the CLI form: <c>START:STOP</c> (integer range), <c>split:NAME</c> (a named split), a
    /// pattern with <c>*</c> or <c>?</c>, or keys separated by commas.
    /// </summary>
    public static KeySelection Parse(string text)
    {
        if (text.StartsWith(SplitPrefix, StringComparison.Ordinal))
            return Split(text[SplitPrefix.Length..]);
        var parts = text.Split(':');
        if (parts.Length == 2 && long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long from)
            && long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long to))
        {
            return Between(from, to);
        }
        if (Glob.IsPattern(text))
            return Matching(text);
        return Of(text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(SampleKey.Parse));
    }

    /// <summary>
    /// The keys of <paramref name="keys"/> this selection keeps, in their order. A split is looked
    /// up in the attributes of <paramref name="path"/> and then of each group above it in <paramref name="view"/>.
    /// </summary>
    public IEnumerable<SampleKey> Apply(IEnumerable<SampleKey> keys, IReadView view, string path)
    {
        if (this.SplitName is { } name)
            return ResolveSplit(view, path, name).Apply(keys, view, path);
        if (this.List is { } list)
            return keys.Where(list.Contains);
        if (this.Range is var (from, to))
            return keys.Where(k => k.IsInt && k.Int >= from && k.Int < to);
        if (this.Pattern is { } pattern)
        {
            var matches = Glob.TextMatcher(pattern);
            return keys.Where(k => matches(k.ToString()));
        }
        return keys;
    }

    private static KeySelection ResolveSplit(IReadView view, string path, string name)
    {
        for (string node = Names.NormalizePath(path); ; node = Names.ParentOf(node))
        {
            if (view.Attributes(node)["splits"] is JsonObject splits && splits[name] is { } split)
                return FromAttribute(split, node, name);
            if (Names.ParentOf(node) == "/")
                break;
        }
        throw new NotFoundException(ErrorCode.KeyNotFound,
            $"No split '{name}' in the 'splits' attribute of {path} or of a group above it. Define one there, e.g. {{\"{name}\": \"0:1000\"}}.")
            .With(ErrorDetail.Name, name).With(ErrorDetail.Group, Names.ParentOf(Names.NormalizePath(path)));
    }

    private static KeySelection FromAttribute(JsonNode split, string node, string name)
    {
        try
        {
            return split switch
            {
                JsonValue value when value.TryGetValue<string>(out var text) => Parse(text),
                JsonArray keys => Of(keys.Select(k => k!.GetValueKind() == System.Text.Json.JsonValueKind.Number ? SampleKey.Of(k.GetValue<long>()) : SampleKey.Of(k.GetValue<string>()))),
                _ => throw new FormatException(),
            };
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or NullReferenceException)
        {
            throw new InvalidInputException(ErrorCode.InvalidArgument,
                $"Split '{name}' in the 'splits' attribute of {node} is neither \"START:STOP\", a pattern, keys separated by commas, nor an array of keys.");
        }
    }
}
