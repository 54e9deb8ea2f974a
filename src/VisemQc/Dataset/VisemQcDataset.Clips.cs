using System.Runtime.CompilerServices;
using VisemQc.Video;

namespace VisemQc;

public sealed partial class VisemQcDataset
{
    /// <summary>
    /// Cuts the dataset's videos into clips as <paramref name="options"/> say: reproducible for a seed, on
    /// every machine. Probes each video once for its exact frame count.
    /// </summary>
    /// <param name="options">How to cut, or <see langword="null"/> for <see cref="ClipSamplerOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels probing.</param>
    /// <returns>The clips, video by video in frame order, or shuffled with <see cref="ClipSamplerOptions.Shuffle"/>.</returns>
    /// <exception cref="VisemQcVideoNotFoundException">A video in <see cref="ClipSamplerOptions.VideoIds"/> is not in the dataset.</exception>
    public async Task<IReadOnlyList<VideoClipSpec>> SampleClipsAsync(ClipSamplerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= ClipSamplerOptions.Default;
        options.Validate();
        var videoIds = options.VideoIds ?? VideoIds.Where(id => _recordsById.ContainsKey(id)).ToArray();
        var clips = new List<VideoClipSpec>();
        foreach (var videoId in videoIds)
        {
            var probe = await ProbeVideoAsync(videoId, cancellationToken).ConfigureAwait(false);
            clips.AddRange(SampleVideo(videoId, probe.FrameCount, options));
        }

        if (options.Shuffle)
        {
            var random = new SplitMix64((ulong)(uint)options.Seed);
            for (var i = clips.Count - 1; i > 0; i--)
            {
                var j = random.NextInt(i + 1);
                (clips[i], clips[j]) = (clips[j], clips[i]);
            }
        }

        return clips;
    }

    /// <summary>Decodes one clip with one ffmpeg process (one seek, then every <see cref="VideoClipSpec.FrameStride"/>-th frame).</summary>
    /// <param name="clip">The clip.</param>
    /// <param name="frames">The pixel format and size, or <see langword="null"/> for 8-bit gray at the video's size.</param>
    /// <param name="cancellationToken">Cancels decoding.</param>
    /// <returns>The decoded clip; dispose it.</returns>
    public async Task<VideoClip> ReadClipAsync(VideoClipSpec clip, FrameReadOptions? frames = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clip);
        frames ??= FrameReadOptions.Default;
        var range = frames with { StartFrame = clip.StartFrame, Stride = clip.FrameStride, MaxFrames = clip.FrameCount, EndFrame = null, StartTime = null, EndTime = null, FrameRate = null };
        var decoded = new List<VideoFrame>(clip.FrameCount);
        try
        {
            await foreach (var frame in ReadFramesAsync(clip.VideoId, range, cancellationToken).ConfigureAwait(false))
            {
                decoded.Add(frame);
            }
        }
        catch
        {
            decoded.ForEach(f => f.Dispose());
            throw;
        }

        TryGetRecord(clip.VideoId, out var record);
        return new VideoClip(clip, record, decoded);
    }

    /// <summary>
    /// Samples clips (see <see cref="SampleClipsAsync"/>) and decodes them, up to
    /// <see cref="VideoOptions.MaxConcurrentDecodes"/> at once, yielding them in sample order. At most that
    /// many decoded clips are held; breaking out of the loop cancels the rest.
    /// </summary>
    /// <param name="options">How to cut and decode, or <see langword="null"/> for <see cref="ClipSamplerOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels sampling and decoding.</param>
    /// <returns>The decoded clips; dispose each one.</returns>
    public async IAsyncEnumerable<VideoClip> ReadClipsAsync(ClipSamplerOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= ClipSamplerOptions.Default;
        var clips = await SampleClipsAsync(options, cancellationToken).ConfigureAwait(false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var window = new Queue<Task<VideoClip>>();
        var next = 0;
        try
        {
            while (next < clips.Count || window.Count > 0)
            {
                while (next < clips.Count && window.Count < _options.Video.MaxConcurrentDecodes)
                {
                    window.Enqueue(ReadClipAsync(clips[next++], options.Frames, stop.Token));
                }

                yield return await window.Dequeue().ConfigureAwait(false);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var pending in window)
            {
                try
                {
                    (await pending.ConfigureAwait(false)).Dispose();
                }
                catch (Exception error) when (error is OperationCanceledException or VisemQcException)
                {
                    // Cancelled because the consumer stopped, or failed after it stopped: nobody wants it.
                }
            }
        }
    }

    /// <summary>The clips of one video: every candidate, or a seeded draw of <see cref="ClipSamplerOptions.ClipsPerVideo"/> of them.</summary>
    internal static IEnumerable<VideoClipSpec> SampleVideo(string videoId, int frameCount, ClipSamplerOptions options)
    {
        var span = ((options.FramesPerClip - 1) * options.FrameStride) + 1;
        var starts = new List<int>();
        for (var start = 0; start + span <= frameCount; start += options.StepBetweenClips)
        {
            starts.Add(start);
        }

        if (options.ClipsPerVideo is { } wanted && wanted < starts.Count)
        {
            var random = new SplitMix64((ulong)(uint)options.Seed ^ SplitMix64.Hash(videoId));
            for (var i = 0; i < wanted; i++)
            {
                var j = i + random.NextInt(starts.Count - i);
                (starts[i], starts[j]) = (starts[j], starts[i]);
            }

            starts = starts.Take(wanted).Order().ToList();
        }

        return starts.Select(start => new VideoClipSpec(videoId, start, options.FramesPerClip, options.FrameStride));
    }
}
