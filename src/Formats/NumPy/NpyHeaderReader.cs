using System.Buffers.Binary;
using System.Text;

namespace Tessera.Formats.NumPy;

/// <summary>Reads and validates the magic, version and header dict at the start of a <c>.npy</c> stream.</summary>
internal static class NpyHeaderReader
{
    /// <summary>Same order of magnitude as numpy's own guard (<c>max_header_size</c>): real headers are a few hundred bytes.</summary>
    public const int MaxHeaderLength = 1 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="available">Bytes the stream holds from its current position, when known.</param>
    /// <returns>The header and how many bytes it took, magic included.</returns>
    public static (NpyHeader Header, long Length) Read(Stream stream, long? available)
    {
        Span<byte> preamble = stackalloc byte[8];
        StreamReading.ReadExactly(stream, preamble, "magic string");
        if (!preamble[..6].SequenceEqual(NpyMagic.Bytes))
            throw new NpyFormatException("Not a .npy file: it does not start with the magic string \\x93NUMPY.");
        var version = new Version(preamble[6], preamble[7]);
        int lengthSize = (preamble[6], preamble[7]) switch
        {
            (1, 0) => 2,
            (2, 0) or (3, 0) => 4,
            _ => throw new NpyFormatException($".npy format version {version} is not supported; supported: 1.0, 2.0, 3.0."),
        };
        Span<byte> lengthBytes = stackalloc byte[4];
        StreamReading.ReadExactly(stream, lengthBytes[..lengthSize], "header length");
        uint headerLength = lengthSize == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes)
            : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderLength)
            throw new NpyFormatException($"The .npy header claims {headerLength} bytes; headers over {MaxHeaderLength} bytes are refused.");
        long preambleLength = 8 + lengthSize;
        if (available is long total && total - preambleLength < headerLength)
            throw new NpyFormatException($"The .npy header is truncated: it claims {headerLength} bytes, the input holds {Math.Max(0, total - preambleLength)}.");

        byte[] headerBytes = new byte[headerLength];
        StreamReading.ReadExactly(stream, headerBytes, "header");
        string text = Decode(headerBytes, version);
        return (Interpret(PythonLiteralParser.Parse(text), version), preambleLength + headerLength);
    }

    private static string Decode(byte[] headerBytes, Version version)
    {
        if (version.Major < 3)
            return Encoding.Latin1.GetString(headerBytes);
        try
        {
            return StrictUtf8.GetString(headerBytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new NpyFormatException("The version 3.0 .npy header is not valid UTF-8.", e);
        }
    }

    private static NpyHeader Interpret(PythonLiteral literal, Version version)
    {
        if (literal is not PythonDict dict)
            throw new NpyFormatException($"The .npy header must be a dict literal, found {literal.Describe()}.");
        PythonLiteral? descr = null, fortranOrder = null, shape = null;
        foreach (var (key, value) in dict.Entries)
        {
            switch ((key as PythonString)?.Value)
            {
                case "descr" when descr is null: descr = value; break;
                case "fortran_order" when fortranOrder is null: fortranOrder = value; break;
                case "shape" when shape is null: shape = value; break;
                default:
                    throw new NpyFormatException(
                        $"The .npy header has an unexpected or repeated key ({key.Describe()}); it must hold exactly 'descr', 'fortran_order' and 'shape'.");
            }
        }
        if (descr is null || fortranOrder is null || shape is null)
            throw new NpyFormatException("The .npy header lacks a key; it must hold exactly 'descr', 'fortran_order' and 'shape'.");

        NpyDtype dtype = descr switch
        {
            PythonString s => NpyDtype.Parse(s.Value),
            PythonSequence => throw new NpyFormatException(
                "The .npy file holds a structured (record) dtype; only plain numeric, bool, U<n> and S<n> dtypes are supported. Save each field as its own array."),
            _ => throw new NpyFormatException($"The .npy header's 'descr' must be a string, found {descr.Describe()}."),
        };
        if (fortranOrder is not PythonBoolean fortran)
            throw new NpyFormatException($"The .npy header's 'fortran_order' must be True or False, found {fortranOrder.Describe()}.");
        return new NpyHeader(version, dtype, fortran.Value, ParseShape(shape));
    }

    private static long[] ParseShape(PythonLiteral shape)
    {
        if (shape is not PythonSequence { IsTuple: true } tuple)
            throw new NpyFormatException($"The .npy header's 'shape' must be a tuple of integers, found {shape.Describe()}.");
        var dimensions = new long[tuple.Items.Count];
        for (int i = 0; i < dimensions.Length; i++)
        {
            dimensions[i] = tuple.Items[i] is PythonInteger { Value: >= 0 } dimension
                ? dimension.Value
                : throw new NpyFormatException($"The .npy header's shape dimension {i} must be a non-negative integer, found {tuple.Items[i].Describe()}.");
        }
        return dimensions;
    }
}
