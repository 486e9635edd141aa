namespace Tessera.Formats.NumPy;

/// <summary>The values of the Python literal subset a <c>.npy</c> header holds.</summary>
internal abstract record PythonLiteral
{
    /// <summary>How the value reads in an error message.</summary>
    public abstract string Describe();
}

internal sealed record PythonString(string Value) : PythonLiteral
{
    public override string Describe() => $"the string '{Value}'";
}

internal sealed record PythonInteger(long Value) : PythonLiteral
{
    public override string Describe() => $"the integer {Value}";
}

internal sealed record PythonBoolean(bool Value) : PythonLiteral
{
    public override string Describe() => Value ? "True" : "False";
}

internal sealed record PythonNone : PythonLiteral
{
    public override string Describe() => "None";
}

/// <summary>A tuple <c>(…)</c> or a list <c>[…]</c>.</summary>
internal sealed record PythonSequence(IReadOnlyList<PythonLiteral> Items, bool IsTuple) : PythonLiteral
{
    public override string Describe() => IsTuple ? $"a tuple of {Items.Count} items" : $"a list of {Items.Count} items";
}

/// <summary>A dict literal; keys keep their source order.</summary>
internal sealed record PythonDict(IReadOnlyList<KeyValuePair<PythonLiteral, PythonLiteral>> Entries) : PythonLiteral
{
    public override string Describe() => $"a dict of {Entries.Count} entries";
}
