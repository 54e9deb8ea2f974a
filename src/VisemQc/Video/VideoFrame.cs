using System.Buffers;

namespace VisemQc;

/// <summary>
/// One decoded frame: its position in the video and its pixels, row by row with no padding. The pixels
/// live in a pooled buffer: dispose the frame to return it (a frame that is never disposed is simply
/// collected). Copy the pixels with <see cref="ToArray"/> to keep them after disposing.
/// </summary>
public sealed class VideoFrame : IDisposable
{
    private byte[]? _buffer;
    private readonly int _length;

    internal VideoFrame(string videoId, int index, TimeSpan timestamp, int width, int height, VideoPixelFormat pixelFormat, byte[] buffer, int length)
    {
        VideoId = videoId;
        Index = index;
        Timestamp = timestamp;
        Width = width;
        Height = height;
        PixelFormat = pixelFormat;
        _buffer = buffer;
        _length = length;
    }

    /// <summary>The video the frame comes from.</summary>
    public string VideoId { get; }

    /// <summary>
    /// The frame's 0-based index in a full decode of the video: frame N is exactly the N-th frame. With
    /// <see cref="FrameReadOptions.FrameRate"/> set, the 0-based number of the frame in the resampled output instead.
    /// </summary>
    public int Index { get; }

    /// <summary>The frame's presentation time from the video's first frame (<see cref="VideoProbe.FrameTimestamps"/>).</summary>
    public TimeSpan Timestamp { get; }

    /// <summary>The width in pixels.</summary>
    public int Width { get; }

    /// <summary>The height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixel layout.</summary>
    public VideoPixelFormat PixelFormat { get; }

    /// <summary>The bytes per pixel: 1 for gray, 3 for RGB.</summary>
    public int BytesPerPixel => PixelFormat == VideoPixelFormat.Rgb24 ? 3 : 1;

    /// <summary>The bytes per row: <see cref="Width"/> × <see cref="BytesPerPixel"/> (rows are not padded).</summary>
    public int RowStride => Width * BytesPerPixel;

    /// <summary>The pixels, <see cref="Height"/> rows of <see cref="RowStride"/> bytes, top row first.</summary>
    /// <exception cref="ObjectDisposedException">The frame is disposed.</exception>
    public ReadOnlySpan<byte> Pixels
    {
        get
        {
            ObjectDisposedException.ThrowIf(_buffer is null, this);
            return _buffer.AsSpan(0, _length);
        }
    }

    /// <summary>Copies the pixels into a new array that outlives the frame.</summary>
    /// <returns>The pixels.</returns>
    public byte[] ToArray() => Pixels.ToArray();

    /// <summary>
    /// Encodes the pixels as a PNG file (8-bit gray or RGB, as <see cref="PixelFormat"/>), in memory and
    /// without ffmpeg: to save a decoded frame, or to show it (notebooks display a frame this way).
    /// </summary>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ObjectDisposedException">The frame is disposed.</exception>
    public byte[] ToPng() => Video.PngEncoder.Encode(Pixels, Width, Height, PixelFormat);

    /// <summary>A one-line description: video, index, time, size and format.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{VideoId} frame {Index} at {Timestamp.TotalSeconds:0.###} s, {Width}x{Height} {PixelFormat}";

    /// <summary>Returns the pixel buffer to the pool; the pixels can no longer be read.</summary>
    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
