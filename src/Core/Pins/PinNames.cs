namespace Tessera.Pins;

/// <summary>Dataset names: they become C# identifiers and folder names, so both must accept them.</summary>
public static class PinNames
{
    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 64 && char.IsAsciiLetter(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    /// <summary>The PascalCase identifier of a name or path segment: <c>train_images</c> → <c>TrainImages</c>.</summary>
    public static string Identifier(string name)
    {
        var sb = new System.Text.StringBuilder(name.Length);
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
}
