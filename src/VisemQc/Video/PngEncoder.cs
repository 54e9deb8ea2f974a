using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace VisemQc.Video;

/// <summary>
/// Encodes 8-bit gray or RGB pixels as a PNG file in memory (IHDR, one zlib IDAT with filter type 0 on
/// every row, IEND), so that a decoded frame can be shown or saved without running ffmpeg again.
/// </summary>
internal static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, VideoPixelFormat format)
    {
        var bytesPerPixel = format == VideoPixelFormat.Rgb24 ? 3 : 1;
        var stride = width * bytesPerPixel;
        if (width < 1 || height < 1 || pixels.Length != (long)stride * height)
        {
            throw new ArgumentException($"Expected {width}x{height} pixels of {bytesPerPixel} bytes ({(long)stride * height} bytes); got {pixels.Length} bytes.", nameof(pixels));
        }

        using var output = new MemoryStream();
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bit depth
        header[9] = format == VideoPixelFormat.Rgb24 ? (byte)2 : (byte)0; // color type: truecolor or grayscale
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering, each row says its filter
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR", header);

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                for (var y = 0; y < height; y++)
                {
                    zlib.WriteByte(0); // filter type None
                    zlib.Write(pixels.Slice(y * stride, stride));
                }
            }

            WriteChunk(output, "IDAT", compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        }

        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> field = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(field, data.Length);
        output.Write(field);
        Span<byte> typeBytes = stackalloc byte[4];
        Encoding.ASCII.GetBytes(type, typeBytes);
        output.Write(typeBytes);
        output.Write(data);
        var crc = new Crc32();
        crc.Append(typeBytes);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(field, crc.GetCurrentHashAsUInt32());
        output.Write(field);
    }
}
