namespace VisemQc;

public sealed partial class VisemQcDataset
{
    /// <summary>
    /// Probes a video: size, frame rate, codec, container and the exact frame count and frame times, from
    /// one ffprobe pass over its packets. Cached for the dataset's lifetime (and beside the dataset with
    /// <see cref="VisemQcDatasetOptions.PersistProbes"/>): one ffprobe call per video.
    /// </summary>
    /// <param name="videoId">The video's ID, such as <c>623</c>.</param>
    /// <param name="cancellationToken">Cancels the probe (ffprobe is killed).</param>
    /// <returns>The video's metadata.</returns>
    /// <exception cref="VisemQcVideoNotFoundException">No video file has this ID.</exception>
    /// <exception cref="VisemQcFfmpegNotFoundException">ffprobe cannot be found.</exception>
    /// <exception cref="VisemQcFfmpegException">ffprobe cannot read the video.</exception>
    public Task<VideoProbe> ProbeVideoAsync(string videoId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(videoId);
        return _decoder.ProbeAsync(videoId, cancellationToken);
    }

    /// <summary>
    /// Decodes a video's frames, in order, as they are read. ffmpeg reads the video where it is (a stored
    /// zip entry in place, a deflated one from the verified cache, a folder's file) and pauses when the
    /// consumer stops reading, so at most <see cref="VisemQcDatasetOptions.BufferedFrames"/> frames wait in memory.
    /// Breaking out of the loop or cancelling kills ffmpeg; no process outlives the enumeration.
    /// </summary>
    /// <param name="videoId">The video's ID, such as <c>623</c>.</param>
    /// <param name="options">Which frames and how, or <see langword="null"/> for every frame in 8-bit gray.</param>
    /// <param name="cancellationToken">Cancels decoding.</param>
    /// <returns>The frames; dispose each one to return its buffer to the pool.</returns>
    /// <exception cref="VisemQcVideoNotFoundException">No video file has this ID.</exception>
    /// <exception cref="VisemQcFfmpegNotFoundException">ffmpeg or ffprobe cannot be found.</exception>
    /// <exception cref="VisemQcFfmpegException">ffmpeg cannot decode the video.</exception>
    public IAsyncEnumerable<VideoFrame> ReadFramesAsync(string videoId, FrameReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(videoId);
        options = options?.Clone() ?? new FrameReadOptions();
        options.Validate();
        return _decoder.ReadFrames(videoId, options, cancellationToken);
    }

    /// <summary>
    /// Decodes the frames with the given indices: frame N is exactly the N-th frame of a full decode.
    /// Indices may come in any order and repeat; nearby ones are decoded together, each run with one seek.
    /// </summary>
    /// <param name="videoId">The video's ID, such as <c>623</c>.</param>
    /// <param name="frameIndices">0-based frame indices, each below <see cref="VideoProbe.FrameCount"/>.</param>
    /// <param name="options">The pixel format and size; the range options do not apply. <see langword="null"/> for 8-bit gray at the video's size.</param>
    /// <param name="cancellationToken">Cancels decoding.</param>
    /// <returns>The frames in the order of <paramref name="frameIndices"/>; dispose them.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is negative or past the last frame.</exception>
    /// <exception cref="VisemQcVideoNotFoundException">No video file has this ID.</exception>
    /// <exception cref="VisemQcFfmpegException">ffmpeg cannot decode the video.</exception>
    public Task<IReadOnlyList<VideoFrame>> GetFramesAsync(string videoId, IReadOnlyList<int> frameIndices, FrameReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(videoId);
        ArgumentNullException.ThrowIfNull(frameIndices);
        options = options?.Clone() ?? new FrameReadOptions();
        options.Validate();
        return _decoder.GetFramesAsync(videoId, frameIndices, options, cancellationToken);
    }

    /// <summary>Encodes one frame as PNG.</summary>
    /// <param name="videoId">The video's ID, such as <c>623</c>.</param>
    /// <param name="frameIndex">The 0-based frame index (exact, as in <see cref="GetFramesAsync"/>).</param>
    /// <param name="width">The PNG's width (height in proportion), or <see langword="null"/> for the video's size.</param>
    /// <param name="cancellationToken">Cancels encoding.</param>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is negative or past the last frame.</exception>
    /// <exception cref="VisemQcFfmpegException">ffmpeg cannot decode the video.</exception>
    public Task<byte[]> GetSnapshotPngAsync(string videoId, int frameIndex, int? width = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(videoId);
        return _decoder.GetSnapshotPngAsync(videoId, frameIndex, width, cancellationToken);
    }

    /// <summary>Encodes the first frame at or after a time as PNG.</summary>
    /// <param name="videoId">The video's ID, such as <c>623</c>.</param>
    /// <param name="time">The time from the start of the video.</param>
    /// <param name="width">The PNG's width (height in proportion), or <see langword="null"/> for the video's size.</param>
    /// <param name="cancellationToken">Cancels encoding.</param>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The time is negative or after the last frame.</exception>
    /// <exception cref="VisemQcFfmpegException">ffmpeg cannot decode the video.</exception>
    public Task<byte[]> GetSnapshotPngAsync(string videoId, TimeSpan time, int? width = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(videoId);
        ArgumentOutOfRangeException.ThrowIfLessThan(time, TimeSpan.Zero);
        return _decoder.GetSnapshotPngAsync(videoId, time, width, cancellationToken);
    }

    /// <summary>
    /// A contact sheet of one video as PNG: <paramref name="columns"/> × <paramref name="rows"/> frames evenly
    /// spread over the video, left to right and top to bottom. Decodes the whole video once.
    /// </summary>
    /// <param name="videoId">The video's ID, such as <c>623</c>.</param>
    /// <param name="columns">Tiles per row.</param>
    /// <param name="rows">Rows of tiles.</param>
    /// <param name="tileWidth">Each tile's width in pixels (height in proportion).</param>
    /// <param name="cancellationToken">Cancels encoding.</param>
    /// <returns>The PNG file's bytes.</returns>
    public Task<byte[]> GetContactSheetPngAsync(string videoId, int columns = 4, int rows = 4, int tileWidth = 240, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(videoId);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tileWidth, 8);
        return _decoder.GetContactSheetPngAsync(videoId, columns, rows, tileWidth, cancellationToken);
    }
}
