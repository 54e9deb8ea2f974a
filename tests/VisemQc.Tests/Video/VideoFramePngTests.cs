using System.Buffers;
using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.Video;

public sealed class VideoFramePngTests
{
    [Trait(Requires.Key, Requires.Ffmpeg)]
    [Theory]
    [InlineData(VideoPixelFormat.Gray8, "gray")]
    [InlineData(VideoPixelFormat.Rgb24, "rgb24")]
    public void ToPng_DecodedByFfmpeg_GivesBackTheSamePixels(VideoPixelFormat format, string ffmpegFormat)
    {
        const int Width = 37, Height = 23;
        var bytesPerPixel = format == VideoPixelFormat.Rgb24 ? 3 : 1;
        var length = Width * Height * bytesPerPixel;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        new Random(7).NextBytes(buffer.AsSpan(0, length));
        using var frame = new VideoFrame("623", 5, TimeSpan.FromSeconds(0.2), Width, Height, format, buffer, length);
        using var folder = new TempFolder();
        File.WriteAllBytes(folder.Combine("frame.png"), frame.ToPng());

        ExternalTool.Run("ffmpeg", folder.Path, "-v", "error", "-i", "frame.png", "-f", "rawvideo", "-pix_fmt", ffmpegFormat, "frame.raw");

        Assert.Equal(frame.ToArray(), File.ReadAllBytes(folder.Combine("frame.raw")));
        var probe = ExternalTool.Run("ffprobe", folder.Path, "-v", "error", "-show_entries", "stream=codec_name,width,height,pix_fmt", "-of", "csv=p=0", "frame.png");
        Assert.Equal($"png,{Width},{Height},{ffmpegFormat}", probe.Trim());
    }

    [Fact]
    public void ToPng_DisposedFrame_Throws()
    {
        var frame = new VideoFrame("623", 0, TimeSpan.Zero, 2, 2, VideoPixelFormat.Gray8, ArrayPool<byte>.Shared.Rent(4), 4);
        frame.Dispose();

        Assert.Throws<ObjectDisposedException>(() => frame.ToPng());
    }
}
