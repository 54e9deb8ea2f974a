using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.Video;

[Trait(Requires.Key, Requires.Ffmpeg)]
public sealed class VideoFramesTests(IndexedVideosFixture videos) : IClassFixture<IndexedVideosFixture>
{
    public static TheoryData<string, string> Layouts()
    {
        var data = new TheoryData<string, string>();
        foreach (var layout in new[] { "stored", "deflated", "folder" })
        {
            foreach (var id in new[] { "1", "2", "3" })
            {
                data.Add(layout, id);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task GetFramesAsync_RandomIndices_ReturnsExactlyThoseFrames(string layout, string videoId)
    {
        await using var dataset = await videos.OpenAsync(layout);
        int[] indices = [37, 0, 59, 12, 13, 5, 37, 46, 23, 11];

        var frames = await dataset.GetFramesAsync(videoId, indices);
        try
        {
            Assert.Equal(indices, frames.Select(f => f.Index));
            Assert.Equal(indices, frames.Select(IndexedVideo.ReadIndex));
            Assert.All(frames, f => Assert.InRange((f.Timestamp - TimeSpan.FromSeconds(f.Index / 25.0)).Duration().TotalMilliseconds, 0, 1));
        }
        finally
        {
            foreach (var frame in frames)
            {
                frame.Dispose();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task ReadFramesAsync_StartStrideAndMax_ReturnsExactFrames(string layout, string videoId)
    {
        await using var dataset = await videos.OpenAsync(layout);

        var seen = new List<(int Index, int Shown)>();
        await foreach (var frame in dataset.ReadFramesAsync(videoId, new FrameReadOptions { StartFrame = 13, Stride = 4, MaxFrames = 8 }))
        {
            using (frame)
            {
                seen.Add((frame.Index, IndexedVideo.ReadIndex(frame)));
            }
        }

        int[] expected = [13, 17, 21, 25, 29, 33, 37, 41];
        Assert.Equal(expected.Select(i => (i, i)), seen);
    }

    [Fact]
    public async Task ReadFramesAsync_OptionsChangedBeforeEnumerating_UsesTheValuesOfTheCall()
    {
        await using var dataset = await videos.OpenAsync("stored");
        var options = new FrameReadOptions { StartFrame = 13, Stride = 4, MaxFrames = 3 };

        var frames = dataset.ReadFramesAsync(dataset.VideoIds[0], options);
        options.Stride = 0; // out of range: it would fail if decoding still read this object
        options.StartFrame = 0;
        var seen = new List<int>();
        await foreach (var frame in frames)
        {
            using (frame)
            {
                seen.Add(IndexedVideo.ReadIndex(frame));
            }
        }

        Assert.Equal([13, 17, 21], seen);
    }

    [Fact]
    public async Task ReadFramesAsync_FfmpegExitsBeforeSlowConsumerReads_NoFrameIsLost()
    {
        // Regression: FFMpegCore cancels the pipe's token when ffmpeg exits; frames still in the pipe were dropped.
        await using var dataset = await videos.OpenAsync("folder", new VisemQcDatasetOptions { BufferedFrames = 1 });

        var shown = new List<int>();
        await foreach (var frame in dataset.ReadFramesAsync("2", new FrameReadOptions { StartFrame = 30, MaxFrames = 8 }))
        {
            using (frame)
            {
                await Task.Delay(60);
                shown.Add(IndexedVideo.ReadIndex(frame));
            }
        }

        Assert.Equal(Enumerable.Range(30, 8), shown);
    }

    [Fact]
    public async Task ReadFramesAsync_Everything_ReturnsEveryFrameInOrder()
    {
        await using var dataset = await videos.OpenAsync("stored");

        var shown = new List<int>();
        await foreach (var frame in dataset.ReadFramesAsync("3"))
        {
            using (frame)
            {
                Assert.Equal((160, 96, 160), (frame.Width, frame.Height, frame.RowStride));
                shown.Add(IndexedVideo.ReadIndex(frame));
            }
        }

        Assert.Equal(Enumerable.Range(0, IndexedVideosFixture.FrameCount), shown);
    }

    [Fact]
    public async Task ReadFramesAsync_ByTime_TakesFramesAtOrAfterStartAndBeforeEnd()
    {
        await using var dataset = await videos.OpenAsync("deflated");

        var shown = new List<int>();
        await foreach (var frame in dataset.ReadFramesAsync("1", new FrameReadOptions { StartTime = TimeSpan.FromSeconds(1.0), EndTime = TimeSpan.FromSeconds(1.4) }))
        {
            using (frame)
            {
                shown.Add(IndexedVideo.ReadIndex(frame));
            }
        }

        Assert.Equal(Enumerable.Range(25, 10), shown);
    }

    [Fact]
    public async Task ReadFramesAsync_ScaledRgb_HasRequestedLayout()
    {
        await using var dataset = await videos.OpenAsync("stored");

        await foreach (var frame in dataset.ReadFramesAsync("2", new FrameReadOptions { PixelFormat = VideoPixelFormat.Rgb24, Width = 80, StartFrame = 42, MaxFrames = 1 }))
        {
            using (frame)
            {
                Assert.Equal((80, 48, 3, 240), (frame.Width, frame.Height, frame.BytesPerPixel, frame.RowStride));
                Assert.Equal(80 * 48 * 3, frame.Pixels.Length);
                Assert.Equal(42, IndexedVideo.ReadIndex(frame));
            }
        }
    }

    [Fact]
    public async Task ReadFramesAsync_FrameRate_ResamplesByTime()
    {
        await using var dataset = await videos.OpenAsync("folder");

        var frames = new List<(int Index, TimeSpan Time, int Shown)>();
        await foreach (var frame in dataset.ReadFramesAsync("1", new FrameReadOptions { FrameRate = 5, StartFrame = 10 }))
        {
            using (frame)
            {
                frames.Add((frame.Index, frame.Timestamp, IndexedVideo.ReadIndex(frame)));
            }
        }

        // 5 fps from frame 10 of a 25 fps video: the frames shown at 0.4 s, 0.6 s, ... are 10, 15, 20, ...
        var expected = Enumerable.Range(0, 10).Select(k => 10 + (5 * k)).ToArray();
        Assert.Equal(expected, frames.Select(f => f.Index));
        Assert.Equal(expected, frames.Select(f => f.Shown));
        Assert.Equal(expected.Select(i => TimeSpan.FromSeconds(i / 25.0)), frames.Select(f => f.Time));
    }

    [Fact]
    public async Task ReadFramesAsync_FrameRateAboveTheVideos_RepeatsFrames()
    {
        await using var dataset = await videos.OpenAsync("stored");

        var shown = new List<int>();
        await foreach (var frame in dataset.ReadFramesAsync("2", new FrameReadOptions { FrameRate = 50, StartFrame = 40, MaxFrames = 6 }))
        {
            using (frame)
            {
                Assert.Equal(frame.Index, IndexedVideo.ReadIndex(frame));
                shown.Add(frame.Index);
            }
        }

        Assert.Equal([40, 40, 41, 41, 42, 42], shown);
    }

    [Fact]
    public async Task GetFramesAsync_ManyFramesInOneRun_AreExact()
    {
        await using var dataset = await videos.OpenAsync("deflated");
        var indices = Enumerable.Range(0, 60).Where(i => i % 3 != 1).Reverse().ToArray();

        var frames = await dataset.GetFramesAsync("2", indices);

        Assert.Equal(indices, frames.Select(IndexedVideo.ReadIndex));
        foreach (var frame in frames)
        {
            frame.Dispose();
        }
    }

    [Fact]
    public async Task ProbeVideoAsync_CountsFramesFromPacketsAndIsCached()
    {
        await using var dataset = await videos.OpenAsync("stored");

        var probe = await dataset.ProbeVideoAsync("3");

        Assert.Equal((160, 96, 60, "h264"), (probe.Width, probe.Height, probe.FrameCount, probe.Codec));
        Assert.Equal(25, probe.FrameRate, precision: 6);
        Assert.InRange(probe.Duration.TotalSeconds, 2.35, 2.45);
        Assert.Contains("mp4", probe.Container, StringComparison.Ordinal);
        Assert.Equal(VideoStorage.Stored, probe.Storage);
        Assert.Equal(dataset.Videos.Single(v => v.VideoId == "3").Length, probe.Length);
        Assert.Equal(60, probe.FrameTimestamps.Count);
        Assert.Same(probe, await dataset.ProbeVideoAsync("3"));
    }

    [Fact]
    public async Task ProbeVideoAsync_Persisted_SecondDatasetNeedsNoFfprobe()
    {
        using var temp = new TempFolder();
        var zip = Path.Combine(temp.Path, "copy.zip");
        File.Copy(videos.StoredZip, zip);
        var persist = new VisemQcDatasetOptions { CacheDirectory = videos.CacheDirectory, PersistProbes = true };
        VideoProbe first;
        await using (var dataset = await VisemQcDataset.OpenAsync(zip, persist))
        {
            first = await dataset.ProbeVideoAsync("2");
        }

        Assert.True(File.Exists(zip + ".probes.json"));
        var noFfprobe = new VisemQcDatasetOptions { CacheDirectory = videos.CacheDirectory, PersistProbes = true, FfmpegFolder = temp.Path };
        await using var again = await VisemQcDataset.OpenAsync(zip, noFfprobe);

        var second = await again.ProbeVideoAsync("2");

        Assert.Equal((first.FrameCount, first.Codec, first.Width), (second.FrameCount, second.Codec, second.Width));
        Assert.Equal(first.FrameTimestamps, second.FrameTimestamps);
        await Assert.ThrowsAsync<VisemQcFfmpegNotFoundException>(() => again.ProbeVideoAsync("1"));
    }

    [Fact]
    public async Task GetSnapshotPngAsync_Index_IsThatFrameAsPng()
    {
        using var temp = new TempFolder();
        await using var dataset = await videos.OpenAsync("stored");

        var png = await dataset.GetSnapshotPngAsync("1", 41);
        var byTime = await dataset.GetSnapshotPngAsync("1", TimeSpan.FromSeconds(41 / 25.0));

        Assert.True(png.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']));
        Assert.Equal(png, byTime);
        await using var pngDataset = await OpenPngAsDatasetAsync(temp, png);
        var frames = await pngDataset.GetFramesAsync("41", [0]);
        Assert.Equal(41, IndexedVideo.ReadIndex(frames[0]));
        frames[0].Dispose();
    }

    [Fact]
    public async Task GetContactSheetPngAsync_TilesFramesIntoOneImage()
    {
        await using var dataset = await videos.OpenAsync("deflated");

        var png = await dataset.GetContactSheetPngAsync("2", columns: 3, rows: 2, tileWidth: 80);

        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "sheet.png");
        await File.WriteAllBytesAsync(path, png);
        var size = ExternalTool.Run("ffprobe", temp.Path, "-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", path).Trim();
        Assert.Equal("240,96", size);
    }

    [Fact]
    public async Task GetFramesAsync_IndexPastTheEnd_ThrowsNamingTheFrameCount()
    {
        await using var dataset = await videos.OpenAsync("folder");

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => dataset.GetFramesAsync("1", [3, 60]));

        Assert.Contains("has 60 frames", error.Message, StringComparison.Ordinal);
    }

    private static async Task<VisemQcDataset> OpenPngAsDatasetAsync(TempFolder temp, byte[] png)
    {
        // A PNG is a one-frame video to ffmpeg: decode it the same way to read the index it shows.
        var folder = Path.Combine(temp.Path, "png");
        new DatasetBuilder().Add("x.csv", "41,25,25,25,25\n").Add("videos/41.mkv", png).WriteFolder(folder);
        return await VisemQcDataset.OpenAsync(folder);
    }
}
