using VisemQc.Tests.TestSupport;
using VisemQc.Video;

namespace VisemQc.Tests.Video;

[Trait(Requires.Key, Requires.Ffmpeg)]
public sealed class ClipSamplerTests(IndexedVideosFixture videos) : IClassFixture<IndexedVideosFixture>
{
    [Fact]
    public void SampleVideo_EveryCandidate_StartsAtMultiplesOfTheStepWhileTheClipFits()
    {
        var options = new ClipSamplerOptions { FramesPerClip = 8, StepBetweenClips = 10, FrameStride = 2 };

        var clips = ClipSampler.SampleVideo("1", 60, options).ToList();

        // A clip spans 15 frames: starts 0..45 fit in 60 frames.
        Assert.Equal([0, 10, 20, 30, 40], clips.Select(c => c.StartFrame));
        Assert.Equal([40, 42, 44, 46, 48, 50, 52, 54], clips[^1].FrameIndices);
    }

    [Fact]
    public void SampleVideo_SameSeed_SameDraw_OtherSeed_OtherDraw()
    {
        var options = new ClipSamplerOptions { FramesPerClip = 4, StepBetweenClips = 1, ClipsPerVideo = 5, Seed = 42 };

        var first = ClipSampler.SampleVideo("623", 1000, options).Select(c => c.StartFrame).ToArray();
        var again = ClipSampler.SampleVideo("623", 1000, options).Select(c => c.StartFrame).ToArray();
        var otherSeed = ClipSampler.SampleVideo("623", 1000, new ClipSamplerOptions { FramesPerClip = 4, StepBetweenClips = 1, ClipsPerVideo = 5, Seed = 43 }).Select(c => c.StartFrame).ToArray();
        var otherVideo = ClipSampler.SampleVideo("923", 1000, options).Select(c => c.StartFrame).ToArray();

        Assert.Equal(first, again);
        Assert.Equal(5, first.Distinct().Count());
        Assert.Equal(first.Order(), first);
        Assert.NotEqual(first, otherSeed);
        Assert.NotEqual(first, otherVideo);
        // Fixed by SplitMix64's definition: a change here changes every user's split.
        Assert.Equal([144, 182, 367, 749, 846], first);
    }

    [Fact]
    public void SplitMix64_MatchesTheReferenceSequence()
    {
        // The reference generator (Steele, Lea and Flood) from seed 0.
        var random = new VisemQc.Video.SplitMix64(0);

        Assert.Equal(0xE220A8397B1DCDAFUL, random.Next());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.Next());
        Assert.Equal(0x06C45D188009454FUL, random.Next());
    }

    [Fact]
    public async Task ReadClipsAsync_DecodesEachClipExactlyInSampleOrder()
    {
        await using var dataset = await videos.OpenAsync("stored", new VisemQcDatasetOptions { MaxConcurrentDecodes = 2, ThreadsPerDecode = 1 });
        var options = new ClipSamplerOptions { FramesPerClip = 4, StepBetweenClips = 20, FrameStride = 3, ClipsPerVideo = 2, Seed = 7, Shuffle = true };

        var specs = await dataset.SampleClipsAsync(options);
        var decoded = new List<(VideoClipSpec Spec, int[] Shown, double? Rapid)>();
        await foreach (var clip in dataset.ReadClipsAsync(options))
        {
            using (clip)
            {
                decoded.Add((clip.Spec, clip.Frames.Select(IndexedVideo.ReadIndex).ToArray(), clip.Record?.RapidProgressive));
            }
        }

        Assert.Equal(6, specs.Count);
        Assert.Equal(specs, decoded.Select(d => d.Spec));
        Assert.All(decoded, d => Assert.Equal(d.Spec.FrameIndices, d.Shown));
        Assert.All(decoded, d => Assert.NotNull(d.Rapid));
        Assert.Equal(specs, await dataset.SampleClipsAsync(options));
    }

    [Fact]
    public async Task ReadClipsAsync_EarlyBreak_LeavesNoProcess()
    {
        await using var dataset = await videos.OpenAsync("deflated", new VisemQcDatasetOptions { MaxConcurrentDecodes = 2 });

        await foreach (var clip in dataset.ReadClipsAsync(new ClipSamplerOptions { FramesPerClip = 2, StepBetweenClips = 2 }))
        {
            clip.Dispose();
            break;
        }

        Assert.Equal(0, FfmpegProcesses.CountMentioning(videos.Root));
    }

    [Fact]
    public void VideoClipSpec_SameFrames_AreEqual_AndBadValuesAreRefused()
    {
        Assert.Equal(new VideoClipSpec("623", 8, 4, 2), new VideoClipSpec("623", 8, 4, 2));
        Assert.NotEqual(new VideoClipSpec("623", 8, 4, 2), new VideoClipSpec("623", 8, 4, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VideoClipSpec("623", 0, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VideoClipSpec("623", -1, 4, 1));
    }

    [Fact]
    public async Task ReadClipsAsync_BadSamplerOrFrameOptions_ThrowAtTheCall()
    {
        await using var dataset = await videos.OpenAsync("stored");

        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.ReadClipsAsync(new ClipSamplerOptions { FramesPerClip = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.ReadClipsAsync(frames: new FrameReadOptions { Width = 0 }));
    }
}
