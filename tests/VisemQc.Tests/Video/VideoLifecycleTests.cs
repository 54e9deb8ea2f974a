using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.Video;

/// <summary>ffmpeg processes end with their enumeration, memory stays bounded, and failures are typed.</summary>
[Trait(Requires.Key, Requires.Ffmpeg)]
public sealed class VideoLifecycleTests : IDisposable
{
    // 250 frames of 320x240 gray are 19 MB of raw frames: far more than the pipe holds, so ffmpeg
    // must wait for a slow consumer rather than finish early.
    private const int LongVideoFrames = 250;

    private readonly TempFolder _temp = new("visemqc-lifecycle-");
    private readonly string _folder;

    public VideoLifecycleTests()
    {
        _folder = Path.Combine(_temp.Path, "dataset");
        var video = IndexedVideo.Create(Path.Combine(_temp.Path, "7.mkv"), LongVideoFrames, "-c:v libx264 -preset ultrafast -g 25 -x264-params threads=1", width: 320, height: 240);
        new DatasetBuilder()
            .Add("visem-qc/visem-qc.csv", "7,10,20,30,40\n8,10,20,30,40\n")
            .Add("visem-qc/videos/7.mkv", video)
            .Add("visem-qc/videos/8.mkv", DatasetBuilder.VideoBytes(8, 50_000))
            .WriteFolder(_folder);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ReadFramesAsync_SlowConsumer_KeepsAtMostTheBufferedFramesInMemory()
    {
        await using var dataset = await VisemQcDataset.OpenAsync(_folder, new VisemQcDatasetOptions { BufferedFrames = 2 });

        var read = 0;
        await foreach (var frame in dataset.ReadFramesAsync("7"))
        {
            using (frame)
            {
                Assert.Equal(read, IndexedVideo.ReadIndex(frame));
            }

            if (++read == 20)
            {
                // ffmpeg has had plenty of time to run ahead; it must be waiting, not finished.
                await Task.Delay(300);
                Assert.Equal(1, FfmpegProcesses.CountMentioning(_temp.Path));
                Assert.InRange(dataset.Decoder.LastFrameSink!.PeakBuffered, 1, 3);
                break;
            }
        }

        Assert.Equal(0, FfmpegProcesses.CountMentioning(_temp.Path));
    }

    [Fact]
    public async Task ReadFramesAsync_Cancelled_ThrowsAndLeavesNoProcess()
    {
        await using var dataset = await VisemQcDataset.OpenAsync(_folder);
        using var cancellation = new CancellationTokenSource();

        var read = 0;
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var frame in dataset.ReadFramesAsync("7", cancellationToken: cancellation.Token))
            {
                frame.Dispose();
                if (++read == 5)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.Equal(5, read);
        Assert.Equal(0, FfmpegProcesses.CountMentioning(_temp.Path));
    }

    [Fact]
    public async Task ReadFramesAsync_WithCancellationAfterBreakOfOuterLoop_LeavesNoProcess()
    {
        await using var dataset = await VisemQcDataset.OpenAsync(_folder);

        for (var round = 0; round < 3; round++)
        {
            await foreach (var frame in dataset.ReadFramesAsync("7", new FrameReadOptions { StartFrame = 100 * round }).WithCancellation(CancellationToken.None))
            {
                Assert.Equal(100 * round, IndexedVideo.ReadIndex(frame));
                frame.Dispose();
                break;
            }

            Assert.Equal(0, FfmpegProcesses.CountMentioning(_temp.Path));
        }
    }

    [Fact]
    public async Task ProbeVideoAsync_EmptyFfmpegFolder_ThrowsNotFoundSayingHowToInstall()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_temp.Path, "empty-bin")).FullName;
        var options = new VisemQcDatasetOptions { FfmpegFolder = empty };
        await using var dataset = await VisemQcDataset.OpenAsync(_folder, options);

        var probe = await Assert.ThrowsAsync<VisemQcFfmpegNotFoundException>(() => dataset.ProbeVideoAsync("7"));
        var frames = await Assert.ThrowsAsync<VisemQcFfmpegNotFoundException>(async () =>
        {
            await foreach (var frame in dataset.ReadFramesAsync("7"))
            {
                frame.Dispose();
            }
        });

        Assert.Equal("ffprobe", probe.Program);
        Assert.Contains(empty, probe.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install ffmpeg", probe.Message, StringComparison.Ordinal);
        Assert.Contains("FfmpegFolder", frames.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeVideoAsync_CorruptBytes_ThrowsFfmpegErrorWithStderr()
    {
        await using var dataset = await VisemQcDataset.OpenAsync(_folder);

        var error = await Assert.ThrowsAsync<VisemQcFfmpegException>(() => dataset.ProbeVideoAsync("8"));

        Assert.Equal(("ffprobe", "8"), (error.Program, error.VideoId));
        Assert.NotEqual(0, error.ExitCode);
        Assert.NotEmpty(error.StandardErrorTail);
        Assert.Contains(error.StandardErrorTail[^1], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadFramesAsync_VideoCorruptedAfterProbe_ThrowsFfmpegErrorWithStderr()
    {
        await using var dataset = await VisemQcDataset.OpenAsync(_folder);
        await dataset.ProbeVideoAsync("7");
        var path = Path.Combine(_folder, "visem-qc", "videos", "7.mkv");
        await File.WriteAllBytesAsync(path, DatasetBuilder.VideoBytes(9, 100_000));

        var error = await Assert.ThrowsAsync<VisemQcFfmpegException>(async () =>
        {
            await foreach (var frame in dataset.ReadFramesAsync("7"))
            {
                frame.Dispose();
            }
        });

        Assert.Equal("ffmpeg", error.Program);
        Assert.NotEmpty(error.StandardErrorTail);
        Assert.Contains("-f rawvideo", error.Arguments, StringComparison.Ordinal);
        Assert.Equal(0, FfmpegProcesses.CountMentioning(_temp.Path));
    }

    [Fact]
    public async Task ReadFramesAsync_SeveralAtOnce_RunUnderTheConcurrencyLimit()
    {
        var options = new VisemQcDatasetOptions { MaxConcurrentDecodes = 1, ThreadsPerDecode = 1, BufferedFrames = 1 };
        await using var dataset = await VisemQcDataset.OpenAsync(_folder, options);
        await dataset.ProbeVideoAsync("7");
        var maxRunning = 0;

        async Task<int> CountAsync(int start)
        {
            var count = 0;
            await foreach (var frame in dataset.ReadFramesAsync("7", new FrameReadOptions { StartFrame = start, MaxFrames = 30 }))
            {
                maxRunning = Math.Max(maxRunning, FfmpegProcesses.CountMentioning(_temp.Path));
                Assert.Equal(start + count, IndexedVideo.ReadIndex(frame));
                frame.Dispose();
                count++;
            }

            return count;
        }

        var counts = await Task.WhenAll(CountAsync(0), CountAsync(100), CountAsync(200));

        Assert.Equal([30, 30, 30], counts);
        Assert.Equal(1, maxRunning);
    }
}
