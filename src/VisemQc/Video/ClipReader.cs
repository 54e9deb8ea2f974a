using System.Runtime.CompilerServices;

namespace VisemQc.Video;

/// <summary>Samples clips from a dataset's videos and decodes them, a bounded number at once.</summary>
/// <param name="decoder">The dataset's decoder.</param>
/// <param name="recordOf">The record of a video ID, or <see langword="null"/>.</param>
/// <param name="labelledVideoIds">The videos sampled by default: those that have a record.</param>
/// <param name="maxConcurrentDecodes">How many clips are decoded at once.</param>
internal sealed class ClipReader(VideoDecoder decoder, Func<string, MotilityRecord?> recordOf, IReadOnlyList<string> labelledVideoIds, int maxConcurrentDecodes)
{
    public async Task<IReadOnlyList<VideoClipSpec>> SampleAsync(ClipSamplerOptions options, CancellationToken cancellationToken)
    {
        var clips = new List<VideoClipSpec>();
        foreach (var videoId in options.VideoIds ?? labelledVideoIds)
        {
            var probe = await decoder.ProbeAsync(videoId, cancellationToken).ConfigureAwait(false);
            clips.AddRange(ClipSampler.SampleVideo(videoId, probe.FrameCount, options));
        }

        if (options.Shuffle)
        {
            ClipSampler.Shuffle(clips, options.Seed);
        }

        return clips;
    }

    /// <summary>Decodes one clip with one ffmpeg process: one seek, then every stride-th frame.</summary>
    public async Task<VideoClip> ReadAsync(VideoClipSpec clip, FrameReadOptions frames, CancellationToken cancellationToken)
    {
        var range = frames.ForClip(clip);
        var decoded = new List<VideoFrame>(clip.FrameCount);
        try
        {
            await foreach (var frame in decoder.ReadFrames(clip.VideoId, range, cancellationToken).ConfigureAwait(false))
            {
                decoded.Add(frame);
            }
        }
        catch
        {
            decoded.ForEach(f => f.Dispose());
            throw;
        }

        return new VideoClip(clip, recordOf(clip.VideoId), decoded);
    }

    /// <summary>Samples, then decodes up to <c>maxConcurrentDecodes</c> clips ahead of the consumer, in sample order.</summary>
    public async IAsyncEnumerable<VideoClip> ReadAllAsync(ClipSamplerOptions options, FrameReadOptions frames, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var clips = await SampleAsync(options, cancellationToken).ConfigureAwait(false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var window = new Queue<Task<VideoClip>>();
        var next = 0;
        try
        {
            while (next < clips.Count || window.Count > 0)
            {
                while (next < clips.Count && window.Count < maxConcurrentDecodes)
                {
                    window.Enqueue(ReadAsync(clips[next++], frames, stop.Token));
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
                catch (Exception error) when (error is OperationCanceledException or VisemQcException or KeyNotFoundException or IOException)
                {
                    // Cancelled because the consumer stopped, or failed after it stopped: nobody wants it.
                }
            }
        }
    }
}
