namespace Tessera.Formats.Compression.Zstd;

/// <summary>
/// The fixed code tables of ZSTD sequences (RFC 8878 §3.1.1.3.2.1): baselines and extra-bit
/// counts of literal-length and match-length codes, and the predefined FSE distributions.
/// </summary>
internal static class SequenceCodes
{
    public const int MaxLiteralLengthSymbol = 35;
    public const int MaxMatchLengthSymbol = 52;
    public const int MaxOffsetSymbol = 31;
    public const int MaxLiteralLengthLog = 9;
    public const int MaxMatchLengthLog = 9;
    public const int MaxOffsetLog = 8;

    public static ReadOnlySpan<int> LiteralLengthBase =>
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        16, 18, 20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512, 1024, 2048, 4096,
        8192, 16384, 32768, 65536,
    ];

    public static ReadOnlySpan<byte> LiteralLengthBits =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 1, 1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12,
        13, 14, 15, 16,
    ];

    public static ReadOnlySpan<int> MatchLengthBase =>
    [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
        19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34,
        35, 37, 39, 41, 43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051,
        4099, 8195, 16387, 32771, 65539,
    ];

    public static ReadOnlySpan<byte> MatchLengthBits =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11,
        12, 13, 14, 15, 16,
    ];

    public static ReadOnlySpan<short> DefaultLiteralLengthNorm =>
    [
        4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1,
        2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1,
        -1, -1, -1, -1,
    ];

    public static ReadOnlySpan<short> DefaultMatchLengthNorm =>
    [
        1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1,
        -1, -1, -1, -1, -1,
    ];

    public static ReadOnlySpan<short> DefaultOffsetNorm =>
    [
        1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1,
    ];

    public static readonly FseTable DefaultLiteralLengthTable = FseTable.Build(DefaultLiteralLengthNorm, 6);
    public static readonly FseTable DefaultMatchLengthTable = FseTable.Build(DefaultMatchLengthNorm, 6);
    public static readonly FseTable DefaultOffsetTable = FseTable.Build(DefaultOffsetNorm, 5);
}
