using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace VisemQc.Cli.Images;

/// <summary>
/// Writes a decoded frame as a PNG (8-bit gray or RGB, no filtering, zlib-compressed), so that many
/// frames come from one decode instead of one ffmpeg process per picture.
/// </summary>
internal static class PngEncoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Encode(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        using var png = new MemoryStream();
        png.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, frame.Width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], frame.Height);
        header[8] = 8; // bits per sample
        header[9] = frame.PixelFormat == VideoPixelFormat.Gray8 ? (byte)0 : (byte)2; // gray or truecolour
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering, filter type per row
        header[12] = 0; // not interlaced
        WriteChunk(png, "IHDR"u8, header);

        using (var pixels = new MemoryStream())
        {
            using (var zlib = new ZLibStream(pixels, CompressionLevel.Fastest, leaveOpen: true))
            {
                int rowBytes = frame.Width * frame.BytesPerPixel;
                for (int y = 0; y < frame.Height; y++)
                {
                    zlib.WriteByte(0); // filter type None
                    zlib.Write(frame.Row(y)[..rowBytes]);
                }
            }

            WriteChunk(png, "IDAT"u8, pixels.GetBuffer().AsSpan(0, (int)pixels.Length));
        }

        WriteChunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        png.Write(type);
        png.Write(data);
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(number, crc.GetCurrentHashAsUInt32());
        png.Write(number);
    }
}
