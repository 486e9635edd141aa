using System.Globalization;
using System.Text;

namespace Tessera.Formats.NumPy;

/// <summary>
/// Parses the Python literal subset numpy writes into a <c>.npy</c> header (via <c>repr</c>) and reads back with
/// <c>ast.literal_eval</c>: dicts, tuples, lists, quoted strings, integers, True, False and None.
/// Nesting is capped so hostile input cannot exhaust the stack.
/// </summary>
internal ref struct PythonLiteralParser
{
    private const int MaxDepth = 32;
    private readonly ReadOnlySpan<char> text;
    private int position;

    private PythonLiteralParser(ReadOnlySpan<char> text)
    {
        this.text = text;
        this.position = 0;
    }

    public static PythonLiteral Parse(ReadOnlySpan<char> text)
    {
        var parser = new PythonLiteralParser(text);
        PythonLiteral value = parser.ParseValue(0);
        parser.SkipWhitespace();
        if (parser.position != text.Length)
            throw parser.Error("unexpected text after the literal");
        return value;
    }

    private PythonLiteral ParseValue(int depth)
    {
        if (depth > MaxDepth)
            throw Error($"nesting deeper than {MaxDepth} levels");
        SkipWhitespace();
        if (this.position >= this.text.Length)
            throw Error("the literal ends early");
        char c = this.text[this.position];
        return c switch
        {
            '{' => ParseDict(depth),
            '(' => ParseSequence(')', isTuple: true, depth),
            '[' => ParseSequence(']', isTuple: false, depth),
            '\'' or '"' => new PythonString(ParseString()),
            '-' or '+' or (>= '0' and <= '9') => ParseInteger(),
            _ => ParseName(),
        };
    }

    private PythonDict ParseDict(int depth)
    {
        this.position++; // '{'
        var entries = new List<KeyValuePair<PythonLiteral, PythonLiteral>>();
        while (true)
        {
            SkipWhitespace();
            if (TryConsume('}'))
                return new PythonDict(entries);
            PythonLiteral key = ParseValue(depth + 1);
            SkipWhitespace();
            if (!TryConsume(':'))
                throw Error("expected ':' after a dict key");
            PythonLiteral value = ParseValue(depth + 1);
            entries.Add(new(key, value));
            SkipWhitespace();
            if (TryConsume('}'))
                return new PythonDict(entries);
            if (!TryConsume(','))
                throw Error("expected ',' or '}' in a dict");
        }
    }

    private PythonLiteral ParseSequence(char close, bool isTuple, int depth)
    {
        this.position++; // '(' or '['
        var items = new List<PythonLiteral>();
        bool sawComma = false;
        while (true)
        {
            SkipWhitespace();
            if (TryConsume(close))
                break;
            items.Add(ParseValue(depth + 1));
            SkipWhitespace();
            if (TryConsume(close))
                break;
            if (!TryConsume(','))
                throw Error($"expected ',' or '{close}'");
            sawComma = true;
        }
        // In Python "(3)" is the integer 3, not a tuple; only a comma makes a one-item tuple.
        return isTuple && items.Count == 1 && !sawComma ? items[0] : new PythonSequence(items, isTuple);
    }

    private string ParseString()
    {
        char quote = this.text[this.position++];
        var builder = new StringBuilder();
        while (this.position < this.text.Length)
        {
            char c = this.text[this.position++];
            if (c == quote)
                return builder.ToString();
            if (c is '\n' or '\r')
                throw Error("a line break inside a string literal");
            if (c == '\\')
            {
                if (this.position >= this.text.Length)
                    break;
                char escaped = this.text[this.position++];
                builder.Append(escaped switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '0' => '\0',
                    '\\' or '\'' or '"' => escaped,
                    _ => throw Error($"unsupported escape '\\{escaped}' in a string literal"),
                });
                continue;
            }
            builder.Append(c);
        }
        throw Error("a string literal is not closed");
    }

    private PythonInteger ParseInteger()
    {
        int start = this.position;
        if (this.text[this.position] is '-' or '+')
            this.position++;
        while (this.position < this.text.Length && char.IsAsciiDigit(this.text[this.position]))
            this.position++;
        ReadOnlySpan<char> digits = this.text[start..this.position];
        // Python 2 era numpy wrote longs as "3L"; numpy still accepts them.
        if (this.position < this.text.Length && this.text[this.position] == 'L')
            this.position++;
        if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            throw Error($"'{digits}' is not an integer in the range of int64");
        return new PythonInteger(value);
    }

    private PythonLiteral ParseName()
    {
        int start = this.position;
        while (this.position < this.text.Length && char.IsAsciiLetterOrDigit(this.text[this.position]))
            this.position++;
        ReadOnlySpan<char> name = this.text[start..this.position];
        return name switch
        {
            "True" => new PythonBoolean(true),
            "False" => new PythonBoolean(false),
            "None" => new PythonNone(),
            _ when name.IsEmpty => throw Error($"unexpected character '{this.text[start]}'"),
            _ => throw Error($"'{name}' is not a literal (only strings, integers, True, False, None, tuples, lists and dicts are)"),
        };
    }

    private void SkipWhitespace()
    {
        while (this.position < this.text.Length && this.text[this.position] is ' ' or '\t' or '\n' or '\r')
            this.position++;
    }

    private bool TryConsume(char c)
    {
        if (this.position < this.text.Length && this.text[this.position] == c)
        {
            this.position++;
            return true;
        }
        return false;
    }

    private readonly NpyFormatException Error(string problem) =>
        new($"The .npy header is not a valid Python dict literal: {problem} at character {this.position}.");
}
