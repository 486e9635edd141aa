namespace Tessera.Formats.Compression.Zstd;

/// <summary>
/// One LZ77 step of a block: copy <paramref name="LiteralLength"/> literals, then
/// <paramref name="MatchLength"/> bytes from earlier output. <paramref name="OffsetValue"/> is
/// the coded offset (1..3 name a repeat offset, larger values are the distance plus 3).
/// </summary>
internal readonly record struct Sequence(int LiteralLength, int MatchLength, uint OffsetValue);
