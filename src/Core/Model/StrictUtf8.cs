using System.Text;

namespace Tessera;

/// <summary>
/// UTF-8 for str samples without replacement characters: text that has no exact UTF-8 form is
/// refused (<see cref="ErrorCode.InvalidArgument"/>), so a str sample is always the bytes given.
/// </summary>
internal static class StrictUtf8
{
    private static readonly UTF8Encoding Encoding = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] GetBytes(string text, SampleKey key)
    {
        try
        {
            return Encoding.GetBytes(text);
        }
        catch (EncoderFallbackException)
        {
            throw Invalid(key);
        }
    }

    public static int GetByteCount(string text, SampleKey key)
    {
        try
        {
            return Encoding.GetByteCount(text);
        }
        catch (EncoderFallbackException)
        {
            throw Invalid(key);
        }
    }

    public static InvalidInputException Invalid(SampleKey key) => new(ErrorCode.InvalidArgument,
        $"The str sample for key {key} is not valid UTF-8 (or holds a lone UTF-16 surrogate), so it cannot be stored as text; nothing was staged. Store the raw bytes in a bytes column (--kind bytes) instead.");
}
