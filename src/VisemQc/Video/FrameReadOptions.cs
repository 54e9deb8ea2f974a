using System.Globalization;

namespace VisemQc;

/// <summary>The pixel layout of decoded frames.</summary>
public enum VideoPixelFormat
{
    /// <summary>8-bit gray, one byte per pixel.</summary>
    Gray8,

    /// <summary>8-bit red, green, blue, three bytes per pixel.</summary>
    Rgb24,
}

/// <summary>
/// Which frames <see cref="VisemQcDataset.ReadFramesAsync(string, FrameReadOptions?, CancellationToken)"/> decodes, and how.
/// Start and end may be given by frame index or by time, not both.
/// </summary>
public sealed class FrameReadOptions
{
    /// <summary>The pixel layout.</summary>
    /// <value>Default <see cref="VideoPixelFormat.Gray8"/>.</value>
    public VideoPixelFormat PixelFormat { get; set; } = VideoPixelFormat.Gray8;

    /// <summary>The output width in pixels; with only <see cref="Height"/> set, the width keeps the aspect ratio.</summary>
    /// <value>Default <see langword="null"/>: the video's width (or kept in proportion to <see cref="Height"/>).</value>
    public int? Width { get; set; }

    /// <summary>The output height in pixels; with only <see cref="Width"/> set, the height keeps the aspect ratio.</summary>
    /// <value>Default <see langword="null"/>: the video's height (or kept in proportion to <see cref="Width"/>).</value>
    public int? Height { get; set; }

    /// <summary>The index of the first frame (0-based, in a full decode's order).</summary>
    /// <value>Default <see langword="null"/>: the first frame, or <see cref="StartTime"/>.</value>
    public int? StartFrame { get; set; }

    /// <summary>The index after the last frame (exclusive).</summary>
    /// <value>Default <see langword="null"/>: to the end, or <see cref="EndTime"/>.</value>
    public int? EndFrame { get; set; }

    /// <summary>The time of the first frame: the first frame whose timestamp is at or after it.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public TimeSpan? StartTime { get; set; }

    /// <summary>The end time (exclusive): frames whose timestamp is before it.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public TimeSpan? EndTime { get; set; }

    /// <summary>Take every n-th frame from the start: 1 takes all, 2 every other one.</summary>
    /// <value>Default 1.</value>
    public int Stride { get; set; } = 1;

    /// <summary>The most frames to return.</summary>
    /// <value>Default <see langword="null"/>: no limit.</value>
    public int? MaxFrames { get; set; }

    /// <summary>
    /// Resample to this many frames per second (ffmpeg's <c>fps</c> filter, nearest frame). Frames then
    /// carry output numbers and times rather than source indices; see <see cref="VideoFrame.Index"/>.
    /// Cannot be combined with <see cref="Stride"/> other than 1.
    /// </summary>
    /// <value>Default <see langword="null"/>: the video's own frames, exactly.</value>
    public double? FrameRate { get; set; }

    /// <summary>Checks every option and throws with the bad value when one is out of range or two conflict.</summary>
    /// <summary>A copy, taken at the call, so that later changes by the caller do not reach work in progress.</summary>
    internal FrameReadOptions Clone() => (FrameReadOptions)MemberwiseClone();

    internal void Validate()
    {
        CheckPositive(Width, nameof(Width));
        CheckPositive(Height, nameof(Height));
        CheckPositive(MaxFrames, nameof(MaxFrames));
        if (StartFrame is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(StartFrame), StartFrame, $"{nameof(StartFrame)} is a frame index >= 0; got {StartFrame}.");
        }

        if (EndFrame is { } end && end <= (StartFrame ?? 0))
        {
            throw new ArgumentOutOfRangeException(nameof(EndFrame), EndFrame, $"{nameof(EndFrame)} ({end}) is exclusive and must be after {nameof(StartFrame)} ({StartFrame ?? 0}).");
        }

        if (StartTime < TimeSpan.Zero || (EndTime is { } endTime && endTime <= (StartTime ?? TimeSpan.Zero)))
        {
            throw new ArgumentOutOfRangeException(nameof(EndTime), EndTime, $"Times are >= 0 and {nameof(EndTime)} ({EndTime}) comes after {nameof(StartTime)} ({StartTime}).");
        }

        if ((StartFrame ?? EndFrame) is not null && (StartTime ?? EndTime) is not null)
        {
            throw new ArgumentOutOfRangeException(nameof(StartTime), StartTime, "Give start and end by frame index or by time, not both.");
        }

        if (Stride < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Stride), Stride, $"{nameof(Stride)} is 1 or more; got {Stride}.");
        }

        if (FrameRate is { } rate && (!double.IsFinite(rate) || rate <= 0 || Stride != 1))
        {
            throw new ArgumentOutOfRangeException(nameof(FrameRate), FrameRate, string.Create(CultureInfo.InvariantCulture, $"{nameof(FrameRate)} is a positive number of frames per second and cannot be combined with {nameof(Stride)} {Stride}; got {rate}."));
        }

        if (!Enum.IsDefined(PixelFormat))
        {
            throw new ArgumentOutOfRangeException(nameof(PixelFormat), PixelFormat, $"{nameof(PixelFormat)} is Gray8 or Rgb24; got {PixelFormat}.");
        }
    }

    /// <summary>The frames of a clip, with these options' pixel format and size.</summary>
    internal FrameReadOptions ForClip(VideoClipSpec clip) => new()
    {
        PixelFormat = PixelFormat,
        Width = Width,
        Height = Height,
        StartFrame = clip.StartFrame,
        Stride = clip.FrameStride,
        MaxFrames = clip.FrameCount,
    };

    private static void CheckPositive(int? value, string name)
    {
        if (value is < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} is 1 or more; got {value}.");
        }
    }
}
