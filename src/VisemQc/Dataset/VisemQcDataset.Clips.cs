namespace VisemQc;

public sealed partial class VisemQcDataset
{
    /// <summary>
    /// Cuts the dataset's videos into clips as <paramref name="options"/> say: reproducible for a seed, on
    /// every machine. Probes each video once for its exact frame count.
    /// </summary>
    /// <param name="options">How to cut, or <see langword="null"/> for 16-frame clips back to back.</param>
    /// <param name="cancellationToken">Cancels probing.</param>
    /// <returns>The clips, video by video in frame order, or shuffled with <see cref="ClipSamplerOptions.Shuffle"/>.</returns>
    /// <exception cref="VisemQcVideoNotFoundException">A video in <see cref="ClipSamplerOptions.VideoIds"/> is not in the dataset.</exception>
    public Task<IReadOnlyList<VideoClipSpec>> SampleClipsAsync(ClipSamplerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options = options?.Clone() ?? new ClipSamplerOptions();
        options.Validate();
        return _clips.SampleAsync(options, cancellationToken);
    }

    /// <summary>Decodes one clip with one ffmpeg process (one seek, then every <see cref="VideoClipSpec.FrameStride"/>-th frame).</summary>
    /// <param name="clip">The clip.</param>
    /// <param name="frames">The pixel format and size, or <see langword="null"/> for 8-bit gray at the video's size.</param>
    /// <param name="cancellationToken">Cancels decoding.</param>
    /// <returns>The decoded clip; dispose it.</returns>
    public Task<VideoClip> ReadClipAsync(VideoClipSpec clip, FrameReadOptions? frames = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clip);
        frames = frames?.Clone() ?? new FrameReadOptions();
        frames.Validate();
        return _clips.ReadAsync(clip, frames, cancellationToken);
    }

    /// <summary>
    /// Samples clips (see <see cref="SampleClipsAsync"/>) and decodes them, up to
    /// <see cref="VisemQcDatasetOptions.MaxConcurrentDecodes"/> at once, yielding them in sample order. At most that
    /// many decoded clips are held; breaking out of the loop cancels the rest.
    /// </summary>
    /// <param name="options">How to cut, or <see langword="null"/> for 16-frame clips back to back.</param>
    /// <param name="frames">The pixel format and size (the range options do not apply), or <see langword="null"/> for 8-bit gray at the video's size.</param>
    /// <param name="cancellationToken">Cancels sampling and decoding.</param>
    /// <returns>The decoded clips; dispose each one.</returns>
    public IAsyncEnumerable<VideoClip> ReadClipsAsync(ClipSamplerOptions? options = null, FrameReadOptions? frames = null, CancellationToken cancellationToken = default)
    {
        options = options?.Clone() ?? new ClipSamplerOptions();
        options.Validate();
        frames = frames?.Clone() ?? new FrameReadOptions();
        frames.Validate();
        return _clips.ReadAllAsync(options, frames, cancellationToken);
    }
}
