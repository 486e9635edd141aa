using System.Buffers;
using System.Runtime.Intrinsics;
using SkiaSharp;

namespace Tessera.Files;

/// <summary>An image's size as its header gives it.</summary>
public readonly record struct ImageSize(int Height, int Width);

/// <summary>A file that is not an image Tessera decodes, and why.</summary>
public sealed class ImageDecodeException(string reason) : Exception(reason);

/// <summary>
/// Decodes PNG, JPEG, BMP and WebP with SkiaSharp into uint8 (H, W, C) pixels, C order, channels
/// R, G, B (and A when C is 4). Pixels are as stored: no colour-profile conversion, no EXIF rotation,
/// alpha not premultiplied; grey images have their grey value in R, G and B; 16-bit channels are
/// reduced to 8 bits. C = 3 drops alpha (as PIL's <c>convert("RGB")</c> does), C = 4 keeps it
/// (255 where the image has none).
/// </summary>
public static class ImageCodec
{
    private static readonly SKEncodedImageFormat[] Decoded =
        [SKEncodedImageFormat.Png, SKEncodedImageFormat.Jpeg, SKEncodedImageFormat.Bmp, SKEncodedImageFormat.Webp];

    /// <summary>The size from the header; throws <see cref="ImageDecodeException"/> for what is not a PNG, JPEG, BMP or WebP image.</summary>
    public static ImageSize Probe(byte[] encoded)
    {
        using var codec = Open(encoded);
        return new ImageSize(codec.Info.Height, codec.Info.Width);
    }

    /// <summary>The pixels as (H, W, <paramref name="channels"/>) bytes; throws <see cref="ImageDecodeException"/> for a damaged image.</summary>
    public static (byte[] Pixels, ImageSize Size) Decode(byte[] encoded, int channels)
    {
        using var codec = Open(encoded);
        var size = SizeOf(codec);
        var pixels = new byte[(long)size.Height * size.Width * channels];
        DecodeInto(codec, channels, pixels);
        return (pixels, size);
    }

    /// <summary>
    /// Decodes into <paramref name="pixels"/>, (H, W, <paramref name="channels"/>) bytes of an image of the size
    /// <paramref name="expected"/> (its header's when the folder was read); throws <see cref="ImageDecodeException"/>
    /// for a damaged image or one of another size (the file changed since).
    /// </summary>
    public static void Decode(byte[] encoded, int channels, ImageSize expected, Span<byte> pixels)
    {
        using var codec = Open(encoded);
        var size = SizeOf(codec);
        if (size != expected)
        {
            throw new ImageDecodeException(
                $"the image is {size.Width}×{size.Height} now, {expected.Width}×{expected.Height} when the folder was read (the file changed during the import)");
        }
        DecodeInto(codec, channels, pixels);
    }

    /// <summary>Writes (H, W, 3 or 4) uint8 pixels as a PNG (RGB or RGBA).</summary>
    public static void EncodePng(ReadOnlySpan<byte> pixels, int height, int width, int channels, Stream output)
    {
        var rgba = channels == 4 ? pixels.ToArray() : AddAlpha(pixels);
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, channels == 4 ? SKAlphaType.Unpremul : SKAlphaType.Opaque);
        using var bitmap = new SKBitmap();
        unsafe
        {
            fixed (byte* data = rgba)
            {
                if (!bitmap.InstallPixels(info, (IntPtr)data, info.RowBytes))
                    throw new InvalidOperationException("SkiaSharp refused the pixel buffer.");
                using var image = SKImage.FromBitmap(bitmap);
                using var png = image.Encode(SKEncodedImageFormat.Png, 100)
                    ?? throw new InvalidOperationException("SkiaSharp could not encode the image as PNG.");
                png.SaveTo(output);
            }
        }
    }

    private static SKCodec Open(byte[] encoded)
    {
        // The codec takes the stream over (and disposes of it).
        var codec = SKCodec.Create(new SKMemoryStream(encoded), out var result);
        if (codec is null)
        {
            throw new ImageDecodeException(result == SKCodecResult.IncompleteInput && HasImageSignature(encoded)
                ? "the image header ends early (a truncated file)"
                : "not a PNG, JPEG, BMP or WebP image");
        }
        if (!Decoded.Contains(codec.EncodedFormat))
        {
            var format = codec.EncodedFormat;
            codec.Dispose();
            throw new ImageDecodeException($"a {Name(format)} image, which is not decoded (PNG, JPEG, BMP and WebP are)");
        }
        if (codec.Info.Width == 0 || codec.Info.Height == 0)
        {
            codec.Dispose();
            throw new ImageDecodeException("an image of zero pixels");
        }
        return codec;
    }

    /// <summary>Whether the file starts as a PNG, JPEG, BMP or WebP file does (Skia reports a short file of any kind as incomplete).</summary>
    private static bool HasImageSignature(ReadOnlySpan<byte> file) =>
        file.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) || file.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) || file.StartsWith("BM"u8)
        || (file.StartsWith("RIFF"u8) && file.Length >= 12 && file[8..12].SequenceEqual("WEBP"u8));

    private static string Name(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Jpeg => "JPEG",
        SKEncodedImageFormat.Webp => "WebP",
        _ => format.ToString().ToUpperInvariant(),
    };

    private static ImageSize SizeOf(SKCodec codec) => new(codec.Info.Height, codec.Info.Width);

    /// <summary>
    /// Decodes as RGBA, the one 8-bit layout Skia writes that keeps every channel as stored: straight into
    /// <paramref name="pixels"/> for four channels, through a pooled buffer for three.
    /// </summary>
    private static void DecodeInto(SKCodec codec, int channels, Span<byte> pixels)
    {
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        int length = checked((int)info.BytesSize64);
        byte[]? rented = channels == 4 ? null : ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var rgba = rented is null ? pixels[..length] : rented.AsSpan(0, length);
            SKCodecResult result;
            unsafe
            {
                fixed (byte* destination = rgba)
                    result = codec.GetPixels(info, (IntPtr)destination);
            }
            if (result != SKCodecResult.Success)
            {
                throw new ImageDecodeException(result == SKCodecResult.IncompleteInput
                    ? $"the {Name(codec.EncodedFormat)} data ends early (a truncated file)"
                    : $"the {Name(codec.EncodedFormat)} data is damaged ({result})");
            }
            if (rented is not null)
                DropAlpha(rgba, pixels[..(length / 4 * 3)]);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>RGBA to RGB, four pixels (16 bytes to 12) a shuffle while 16 bytes can be written; the last ones one by one.</summary>
    private static void DropAlpha(ReadOnlySpan<byte> rgba, Span<byte> rgb)
    {
        int i = 0, o = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var order = Vector128.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0, 0, 0, 0);
            for (; i + 16 <= rgba.Length && o + 16 <= rgb.Length; i += 16, o += 12)
                Vector128.Shuffle(Vector128.Create(rgba.Slice(i, 16)), order).CopyTo(rgb.Slice(o, 16));
        }
        for (; i < rgba.Length; i += 4, o += 3)
        {
            rgb[o] = rgba[i];
            rgb[o + 1] = rgba[i + 1];
            rgb[o + 2] = rgba[i + 2];
        }
    }

    private static byte[] AddAlpha(ReadOnlySpan<byte> rgb)
    {
        var rgba = new byte[rgb.Length / 3 * 4];
        for (int i = 0, o = 0; i < rgb.Length; i += 3, o += 4)
        {
            rgba[o] = rgb[i];
            rgba[o + 1] = rgb[i + 1];
            rgba[o + 2] = rgb[i + 2];
            rgba[o + 3] = 255;
        }
        return rgba;
    }
}
