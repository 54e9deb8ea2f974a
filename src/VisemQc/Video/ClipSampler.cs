namespace VisemQc.Video;

/// <summary>
/// Cuts videos into clips: candidate starts every step while the clip fits, then an optional seeded draw
/// per video and a seeded shuffle of all clips. Depends only on the options, the video ID and its frame count.
/// </summary>
internal static class ClipSampler
{
    /// <summary>The clips of one video: every candidate, or a seeded draw of <see cref="ClipSamplerOptions.ClipsPerVideo"/> of them.</summary>
    public static IEnumerable<VideoClipSpec> SampleVideo(string videoId, int frameCount, ClipSamplerOptions options)
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

    /// <summary>Shuffles the clips of all videos together, seeded.</summary>
    public static void Shuffle(List<VideoClipSpec> clips, int seed)
    {
        var random = new SplitMix64((ulong)(uint)seed);
        for (var i = clips.Count - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (clips[i], clips[j]) = (clips[j], clips[i]);
        }
    }
}
