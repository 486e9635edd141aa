using Tessera.Lsp.Protocol;

namespace Tessera.Lsp.Pins;

/// <summary>Maps string offsets to LSP positions (zero-based line, UTF-16 column) and back.</summary>
public sealed class TextLines
{
    private readonly List<int> starts = [0];

    public TextLines(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
                this.starts.Add(i + 1);
        }
        this.Length = text.Length;
    }

    public int Length { get; }

    public Position PositionOf(int offset)
    {
        int line = this.starts.BinarySearch(offset);
        if (line < 0)
            line = ~line - 1;
        return new Position(line, offset - this.starts[line]);
    }

    public LspRange RangeOf(int start, int end) => new(this.PositionOf(start), this.PositionOf(end));

    public int OffsetOf(Position position)
    {
        if (position.Line >= this.starts.Count)
            return this.Length;
        return Math.Min(this.starts[position.Line] + position.Character, this.Length);
    }
}
