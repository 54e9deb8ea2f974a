using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace VisemQc.Video;

/// <summary>
/// Decodes one dataset's videos with ffmpeg: probes (cached), frame streams bounded in memory, exact frame
/// selections and PNG snapshots. It owns the ffmpeg arguments, the decode loop and the process lifetime.
/// </summary>
internal sealed class VideoDecoder
{
    private readonly IVideoSource _videos;
    private readonly ProbeStore _probes;

    public VideoDecoder(IVideoSource videos, VisemQcDatasetOptions options, string? probeFile)
    {
        _videos = videos;
        Tools = new FfmpegTools(options);
        _probes = new ProbeStore(options.PersistProbes ? probeFile : null);
    }

    public FfmpegTools Tools { get; }

    /// <summary>The sink of the last decode started, for tests of the memory bound.</summary>
    public FrameSink? LastFrameSink { get; private set; }

    public async Task<VideoProbe> ProbeAsync(string videoId, CancellationToken cancellationToken)
    {
        var source = await _videos.ResolveFfmpegInputAsync(videoId, cancellationToken).ConfigureAwait(false);
        return await ProbeAsync(source, cancellationToken).ConfigureAwait(false);
    }

    public Task<VideoProbe> ProbeAsync(FfmpegInput source, CancellationToken cancellationToken)
        => _probes.GetOrProbeAsync(source.Video.VideoId, source.Fingerprint, () => VideoProber.ProbeAsync(Tools, source.Video, source.Input, cancellationToken));

    /// <summary>The frames of a range; a missing video throws here, not at the first iteration.</summary>
    public IAsyncEnumerable<VideoFrame> ReadFrames(string videoId, FrameReadOptions options, CancellationToken cancellationToken)
    {
        _videos.EnsureVideo(videoId);
        return ReadFramesCoreAsync(videoId, options, cancellationToken);
    }

    public async Task<IReadOnlyList<VideoFrame>> GetFramesAsync(string videoId, IReadOnlyList<int> frameIndices, FrameReadOptions options, CancellationToken cancellationToken)
    {
        var source = await _videos.ResolveFfmpegInputAsync(videoId, cancellationToken).ConfigureAwait(false);
        var probe = await ProbeAsync(source, cancellationToken).ConfigureAwait(false);
        foreach (var index in frameIndices)
        {
            if (index < 0 || index >= probe.FrameCount)
            {
                VisemQcThrow.FrameIndexOutOfRange(videoId, index, probe.FrameCount);
            }
        }

        var decoded = new Dictionary<int, VideoFrame>();
        try
        {
            foreach (var run in Runs(frameIndices.Distinct().Order().ToArray()))
            {
                var plan = FramePlan.ForSelection(probe, run, options.PixelFormat, options.Width, options.Height, Tools.Threads);
                await foreach (var frame in DecodeAsync(plan, source.Input, cancellationToken).ConfigureAwait(false))
                {
                    decoded.Add(frame.Index, frame);
                }
            }

            var result = new VideoFrame[frameIndices.Count];
            var used = new HashSet<int>();
            for (var i = 0; i < result.Length; i++)
            {
                var frame = decoded[frameIndices[i]];
                result[i] = used.Add(frame.Index) ? frame : Copy(frame);
            }

            return result;
        }
        catch
        {
            foreach (var frame in decoded.Values)
            {
                frame.Dispose();
            }

            throw;
        }
    }

    public async Task<byte[]> GetSnapshotPngAsync(string videoId, int frameIndex, int? width, CancellationToken cancellationToken)
    {
        var source = await _videos.ResolveFfmpegInputAsync(videoId, cancellationToken).ConfigureAwait(false);
        var probe = await ProbeAsync(source, cancellationToken).ConfigureAwait(false);
        if (frameIndex < 0 || frameIndex >= probe.FrameCount)
        {
            VisemQcThrow.FrameIndexOutOfRange(videoId, frameIndex, probe.FrameCount);
        }

        var scale = width is { } w ? string.Create(CultureInfo.InvariantCulture, $"-vf scale={w}:-2 ") : string.Empty;
        return await EncodePngAsync(videoId, source.Input, FramePlan.SeekArguments(probe, frameIndex, Tools.Threads), scale, cancellationToken).ConfigureAwait(false);
    }

    public async Task<byte[]> GetSnapshotPngAsync(string videoId, TimeSpan time, int? width, CancellationToken cancellationToken)
    {
        var probe = await ProbeAsync(videoId, cancellationToken).ConfigureAwait(false);
        return await GetSnapshotPngAsync(videoId, FramePlan.FirstAtOrAfter(probe.FrameTimestamps, time), width, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A grid of frames evenly spread over the video, from one decode with ffmpeg's select and tile filters.</summary>
    public async Task<byte[]> GetContactSheetPngAsync(string videoId, int columns, int rows, int tileWidth, CancellationToken cancellationToken)
    {
        var source = await _videos.ResolveFfmpegInputAsync(videoId, cancellationToken).ConfigureAwait(false);
        var probe = await ProbeAsync(source, cancellationToken).ConfigureAwait(false);
        var tiles = columns * rows;
        var picks = Enumerable.Range(0, tiles)
            .Select(k => (int)(((2L * k) + 1) * probe.FrameCount / (2L * tiles)))
            .Distinct()
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"eq(n,{i})"));
        var filters = string.Create(CultureInfo.InvariantCulture, $"-vf \"select='{string.Join('+', picks)}',scale={tileWidth}:-2,tile={columns}x{rows}\" -fps_mode passthrough ");
        return await EncodePngAsync(videoId, source.Input, string.Create(CultureInfo.InvariantCulture, $"-threads {Tools.Threads}"), filters, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one ffmpeg process for a plan and streams its frames, bounded and cancellable.</summary>
    public async IAsyncEnumerable<VideoFrame> DecodeAsync(FramePlan plan, string input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (plan.FfmpegFrameCount == 0)
        {
            yield break;
        }

        using var slot = await Tools.AcquireAsync(cancellationToken).ConfigureAwait(false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<VideoFrame>(new BoundedChannelOptions(Tools.BufferedFrames)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var sink = new FrameSink(plan, channel.Writer, stop.Token);
        LastFrameSink = sink;
        var run = Tools.RunAsync(plan.VideoId, input, plan.InputArguments, plan.OutputArguments, sink, stop.Token);
        _ = run.ContinueWith(_ => channel.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var frame))
                {
                    sink.OnConsumed();
                    if (cancellationToken.IsCancellationRequested)
                    {
                        frame.Dispose();
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    yield return frame;
                }
            }

            await run.ConfigureAwait(false);
        }
        finally
        {
            // Early break, cancellation or an error: kill ffmpeg and wait until it has exited.
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await run.ConfigureAwait(false);
            }
            catch (Exception error) when (error is OperationCanceledException or VisemQcException or IOException)
            {
                // Surfaced above when it matters; after an early break it is the kill.
            }

            while (channel.Reader.TryRead(out var left))
            {
                left.Dispose();
            }
        }
    }

    private async IAsyncEnumerable<VideoFrame> ReadFramesCoreAsync(string videoId, FrameReadOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var source = await _videos.ResolveFfmpegInputAsync(videoId, cancellationToken).ConfigureAwait(false);
        var probe = await ProbeAsync(source, cancellationToken).ConfigureAwait(false);
        var plan = FramePlan.ForRange(probe, options, Tools.Threads);
        await foreach (var frame in DecodeAsync(plan, source.Input, cancellationToken).ConfigureAwait(false))
        {
            yield return frame;
        }
    }

    private async Task<byte[]> EncodePngAsync(string videoId, string input, string inputArguments, string filterArguments, CancellationToken cancellationToken)
    {
        using var slot = await Tools.AcquireAsync(cancellationToken).ConfigureAwait(false);
        var sink = new BytesSink(cancellationToken);
        await Tools.RunAsync(videoId, input, inputArguments, filterArguments + "-an -sn -dn -frames:v 1 -c:v png -f image2pipe", sink, cancellationToken).ConfigureAwait(false);
        return sink.ToArray();
    }

    /// <summary>Groups sorted frame indices into runs that one ffmpeg process decodes after one seek.</summary>
    private static IEnumerable<int[]> Runs(int[] sorted)
    {
        // Decoding through a gap of up to a second or so is cheaper than a new process and seek.
        const int MaxGap = 32;
        var start = 0;
        for (var i = 1; i <= sorted.Length; i++)
        {
            if (i == sorted.Length || sorted[i] - sorted[i - 1] > MaxGap)
            {
                yield return sorted[start..i];
                start = i;
            }
        }
    }

    private static VideoFrame Copy(VideoFrame frame)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(frame.Pixels.Length);
        frame.Pixels.CopyTo(buffer);
        return new VideoFrame(frame.VideoId, frame.Index, frame.Timestamp, frame.Width, frame.Height, frame.PixelFormat, buffer, frame.Pixels.Length);
    }
}
