using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.Docs;

/// <summary>The samples of docs/video.md, run on the built-in sample dataset.</summary>
[Collection(ConsoleTests.Name)]
public sealed class VideoDocSnippets : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly StringWriter _console = new();
    private readonly TextWriter _originalConsole = Console.Out;

    public VideoDocSnippets() => Console.SetOut(_console);

    public void Dispose()
    {
        Console.SetOut(_originalConsole);
        _temp.Dispose();
    }

    [Trait(Requires.Key, Requires.Ffmpeg)]
    [Fact]
    public async Task VideoProbe()
    {
        await using var dataset = await VisemQcDataset.OpenSampleAsync();

        // begin-snippet: video-probe
        VideoProbe probe = await dataset.ProbeVideoAsync("623");
        Console.WriteLine(probe); // 623: 320x240 h264 yuv420p, 25 fps, 75 frames, 3 s, matroska,webm, 198633 bytes, Stored
        // end-snippet

        Assert.Equal(75, probe.FrameCount);
        Assert.Contains("623: 320x240 h264", _console.ToString(), StringComparison.Ordinal);
    }

    [Trait(Requires.Key, Requires.Ffmpeg)]
    [Fact]
    public async Task VideoFrames()
    {
        await using var dataset = await VisemQcDataset.OpenSampleAsync();
        var indices = new List<int>();

        // begin-snippet: video-frames
        // 16 gray 224x224 frames of video 623, starting at 1 s.
        var options = new FrameReadOptions
        {
            PixelFormat = VideoPixelFormat.Gray8,
            Width = 224,
            Height = 224,
            StartTime = TimeSpan.FromSeconds(1),
            MaxFrames = 16,
        };
        await foreach (VideoFrame frame in dataset.ReadFramesAsync("623", options))
        {
            using (frame) // returns the pixel buffer to the pool
            {
                ReadOnlySpan<byte> pixels = frame.Pixels; // 224 rows of frame.RowStride (224) bytes
                Console.WriteLine($"frame {frame.Index} at {frame.Timestamp.TotalSeconds:0.00} s, first pixel {pixels[0]}");
                indices.Add(frame.Index);
            }
        }
        // end-snippet

        Assert.Equal(Enumerable.Range(25, 16), indices);
    }

    [Trait(Requires.Key, Requires.Ffmpeg)]
    [Fact]
    public async Task VideoRandomAccess()
    {
        await using var dataset = await VisemQcDataset.OpenSampleAsync();

        // begin-snippet: video-random
        // Frame N is exactly the N-th frame of a full decode, in any order, from any storage.
        IReadOnlyList<VideoFrame> frames = await dataset.GetFramesAsync("340", [70, 3, 41]);
        foreach (var frame in frames)
        {
            Console.WriteLine(frame); // 340 frame 70 at 2.8 s, 320x240 Gray8 ...
            frame.Dispose();
        }
        // end-snippet

        Assert.Equal([70, 3, 41], frames.Select(f => f.Index));
    }

    [Trait(Requires.Key, Requires.Ffmpeg)]
    [Fact]
    public async Task VideoSnapshots()
    {
        await using var dataset = await VisemQcDataset.OpenSampleAsync();
        var folder = _temp.Path;

        // begin-snippet: video-snapshots
        byte[] frame40 = await dataset.GetSnapshotPngAsync("923", frameIndex: 40);
        await File.WriteAllBytesAsync(Path.Combine(folder, "923-40.png"), frame40);
        byte[] png = await dataset.GetSnapshotPngAsync("923", TimeSpan.FromSeconds(2.5), width: 160);
        byte[] sheet = await dataset.GetContactSheetPngAsync("923", columns: 4, rows: 3, tileWidth: 160);
        await File.WriteAllBytesAsync(Path.Combine(folder, "923-sheet.png"), sheet);
        // end-snippet

        Assert.True(new FileInfo(Path.Combine(folder, "923-40.png")).Length > 1000);
        Assert.True(png.Length > 100);
    }

    [Trait(Requires.Key, Requires.Ffmpeg)]
    [Fact]
    public async Task VideoClips()
    {
        await using var dataset = await VisemQcDataset.OpenSampleAsync();
        var clips = 0;

        // begin-snippet: video-clips
        var sampler = new ClipSamplerOptions
        {
            FramesPerClip = 8,
            StepBetweenClips = 8,
            FrameStride = 2,
            ClipsPerVideo = 2,
            Seed = 42,
            Shuffle = true,
        };
        var frames = new FrameReadOptions { Width = 112, Height = 112 };
        await foreach (VideoClip clip in dataset.ReadClipsAsync(sampler, frames))
        {
            using (clip)
            {
                // clip.Frames: 8 frames, 2 apart; clip.Record: the video's a/b/c/d labels.
                Console.WriteLine($"{clip.Spec.VideoId} from frame {clip.Spec.StartFrame}: a+b = {clip.Record?.Progressive}%");
                clips++;
            }
        }
        // end-snippet

        Assert.Equal(10, clips);
    }

    [Trait(Requires.Key, Requires.Ffmpeg)]
    [Fact]
    public async Task VideoOptionsSample()
    {
        // begin-snippet: video-options
        var options = new VisemQcDatasetOptions
        {
            FfmpegFolder = "/usr/bin",  // where ffmpeg and ffprobe are; default: the PATH
            MaxConcurrentDecodes = 1,   // ffmpeg processes at once for this dataset
            ThreadsPerDecode = 2,       // decoding threads of each
            BufferedFrames = 4,         // decoded frames that may wait for the consumer
            PersistProbes = true,       // keep probe results beside the dataset for the next process
        };
        // end-snippet

        var copy = Path.Combine(_temp.Path, "sample.zip");
        await using (var sample = await VisemQcDataset.OpenSampleAsync())
        {
            File.Copy(sample.Path, copy);
        }

        await using var dataset = await VisemQcDataset.OpenAsync(copy, options);
        Assert.Equal(75, (await dataset.ProbeVideoAsync("58")).FrameCount);
        Assert.True(File.Exists(copy + ".probes.json"));
    }

    [Fact]
    public async Task VideoErrors()
    {
        var options = new VisemQcDatasetOptions { FfmpegFolder = _temp.Path };
        await using var dataset = await VisemQcDataset.OpenSampleAsync(options);

        // begin-snippet: video-errors
        try
        {
            await dataset.ProbeVideoAsync("623");
        }
        catch (VisemQcFfmpegNotFoundException error)
        {
            Console.WriteLine(error.Message); // ffprobe was not found in ... Install ffmpeg 5 or later (Debian/Ubuntu: apt-get install ffmpeg; ...
        }
        catch (VisemQcFfmpegException error)
        {
            Console.WriteLine($"{error.Program} failed on {error.VideoId} ({error.ExitCode}): {string.Join('\n', error.StandardErrorTail)}");
        }
        // end-snippet

        Assert.Contains("apt-get install ffmpeg", _console.ToString(), StringComparison.Ordinal);
    }
}
