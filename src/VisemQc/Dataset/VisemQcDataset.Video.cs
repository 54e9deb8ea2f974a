using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using VisemQc.Archive;
using VisemQc.Dataset;
using VisemQc.Video;

namespace VisemQc;

public sealed partial class VisemQcDataset
{
    private FfmpegTools? _tools;
    private ProbeStore? _probes;

    internal FfmpegTools Tools => LazyInitializer.EnsureInitialized(ref _tools, () => new FfmpegTools(_options.Video));

    private ProbeStore Probes => LazyInitializer.EnsureInitialized(ref _probes, () => new ProbeStore(
        !_options.Video.PersistProbes ? null
        : Kind == VisemQcDatasetKind.Zip ? Path + ".probes.json"
        : System.IO.Path.Combine(Path, ".visemqc-probes.json")));

    /// <summary>
    /// Probes a video: size, frame rate, codec, container and the exact frame count and frame times, from
    /// one ffprobe pass over its packets. Cached for the dataset's lifetime (and beside the dataset with
    /// <see cref="VideoOptions.PersistProbes"/>): one ffprobe call per video.
    /// </summary>
    /// <param name="videoId">The video's ID, such as <c>623</c>.</param>
    /// <param name="cancellationToken">Cancels the probe (ffprobe is killed).</param>
    /// <returns>The video's metadata.</returns>
    /// <exception cref="VisemQcVideoNotFoundException">No video file has this ID.</exception>
    /// <exception cref="VisemQcFfmpegNotFoundException">ffprobe cannot be found.</exception>
    /// <exception cref="VisemQcFfmpegException">ffprobe cannot read the video.</exception>
    public async Task<VideoProbe> ProbeVideoAsync(string videoId, CancellationToken cancellationToken = default)
    {
        var source = await ResolveFfmpegInputAsync(videoId, cancellationToken).ConfigureAwait(false);
        return await ProbeAsync(source, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Decodes a video's frames, in order, as they are read. ffmpeg reads the video where it is (a stored
    /// zip entry in place, a deflated one from the verified cache, a folder's file) and pauses when the
    /// consumer stops reading, so at most <see cref="VideoOptions.BufferedFrames"/> frames wait in memory.
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
        options ??= FrameReadOptions.Default;
        options.Validate();
        ResolveVideo(videoId);
        return ReadFramesCoreAsync(videoId, options, cancellationToken);
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
    public async Task<IReadOnlyList<VideoFrame>> GetFramesAsync(string videoId, IReadOnlyList<int> frameIndices, FrameReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frameIndices);
        options ??= FrameReadOptions.Default;
        options.Validate();
        var source = await ResolveFfmpegInputAsync(videoId, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Encodes one frame as PNG.</summary>
    /// <param name="videoId">The video's ID, such as <c>623</c>.</param>
    /// <param name="frameIndex">The 0-based frame index (exact, as in <see cref="GetFramesAsync"/>).</param>
    /// <param name="width">The PNG's width (height in proportion), or <see langword="null"/> for the video's size.</param>
    /// <param name="cancellationToken">Cancels encoding.</param>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is negative or past the last frame.</exception>
    /// <exception cref="VisemQcFfmpegException">ffmpeg cannot decode the video.</exception>
    public async Task<byte[]> GetSnapshotPngAsync(string videoId, int frameIndex, int? width = null, CancellationToken cancellationToken = default)
    {
        var source = await ResolveFfmpegInputAsync(videoId, cancellationToken).ConfigureAwait(false);
        var probe = await ProbeAsync(source, cancellationToken).ConfigureAwait(false);
        if (frameIndex < 0 || frameIndex >= probe.FrameCount)
        {
            VisemQcThrow.FrameIndexOutOfRange(videoId, frameIndex, probe.FrameCount);
        }

        var scale = width is { } w ? string.Create(CultureInfo.InvariantCulture, $"-vf scale={w}:-2 ") : string.Empty;
        return await EncodePngAsync(videoId, source.Input, FramePlan.SeekArguments(probe, frameIndex, Tools.Threads), scale, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Encodes the first frame at or after a time as PNG.</summary>
    /// <param name="videoId">The video's ID, such as <c>623</c>.</param>
    /// <param name="time">The time from the start of the video.</param>
    /// <param name="width">The PNG's width (height in proportion), or <see langword="null"/> for the video's size.</param>
    /// <param name="cancellationToken">Cancels encoding.</param>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The time is negative or after the last frame.</exception>
    /// <exception cref="VisemQcFfmpegException">ffmpeg cannot decode the video.</exception>
    public async Task<byte[]> GetSnapshotPngAsync(string videoId, TimeSpan time, int? width = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(time, TimeSpan.Zero);
        var probe = await ProbeVideoAsync(videoId, cancellationToken).ConfigureAwait(false);
        return await GetSnapshotPngAsync(videoId, FramePlan.FirstAtOrAfter(probe.FrameTimestamps, time), width, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes one frame as a PNG file.</summary>
    /// <param name="videoId">The video's ID, such as <c>623</c>.</param>
    /// <param name="frameIndex">The 0-based frame index.</param>
    /// <param name="path">The PNG file to write (replaced if it exists).</param>
    /// <param name="width">The PNG's width (height in proportion), or <see langword="null"/> for the video's size.</param>
    /// <param name="cancellationToken">Cancels encoding.</param>
    /// <returns>A task that completes when the file is written.</returns>
    public async Task SaveSnapshotAsync(string videoId, int frameIndex, string path, int? width = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var png = await GetSnapshotPngAsync(videoId, frameIndex, width, cancellationToken).ConfigureAwait(false);
        await File.WriteAllBytesAsync(path, png, cancellationToken).ConfigureAwait(false);
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
    public async Task<byte[]> GetContactSheetPngAsync(string videoId, int columns = 4, int rows = 4, int tileWidth = 240, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tileWidth, 8);
        var source = await ResolveFfmpegInputAsync(videoId, cancellationToken).ConfigureAwait(false);
        var probe = await ProbeAsync(source, cancellationToken).ConfigureAwait(false);
        var tiles = columns * rows;
        var picks = Enumerable.Range(0, tiles)
            .Select(k => (int)(((2L * k) + 1) * probe.FrameCount / (2L * tiles)))
            .Distinct()
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"eq(n,{i})"));
        var filters = string.Create(CultureInfo.InvariantCulture, $"-vf \"select='{string.Join('+', picks)}',scale={tileWidth}:-2,tile={columns}x{rows}\" -fps_mode passthrough ");
        return await EncodePngAsync(videoId, source.Input, string.Create(CultureInfo.InvariantCulture, $"-threads {Tools.Threads}"), filters, cancellationToken).ConfigureAwait(false);
    }

    internal async Task<FfmpegInput> ResolveFfmpegInputAsync(string videoId, CancellationToken cancellationToken)
    {
        var file = ResolveVideo(videoId);
        var video = ToVideo(videoId, file);
        switch (_storage)
        {
            case FolderStorage folder:
                var path = folder.FullPath(file);
                return new FfmpegInput(video, path, string.Create(CultureInfo.InvariantCulture, $"{file.Length}-{File.GetLastWriteTimeUtc(path).Ticks}"));
            case ZipStorage zip when file.Entry!.CompressionMethod == ZipCompressionMethod.Stored:
                // ffmpeg reads the entry's byte range of the zip in place, with seeking: nothing is extracted.
                var offset = await zip.Directory.GetDataOffsetAsync(file.Entry, cancellationToken).ConfigureAwait(false);
                var input = string.Create(CultureInfo.InvariantCulture, $"subfile,,start,{offset},end,{offset + file.Entry.CompressedLength},,:{zip.RootPath}");
                return new FfmpegInput(video, input, Fingerprint(file.Entry));
            case ZipStorage zip:
                var cached = await Cache.GetOrExtractAsync(zip, file.Entry!, cancellationToken).ConfigureAwait(false);
                return new FfmpegInput(video, cached, Fingerprint(file.Entry!));
            default:
                throw new InvalidOperationException($"Unknown storage {_storage.GetType().Name}.");
        }

        static string Fingerprint(ZipEntryInfo entry) => string.Create(CultureInfo.InvariantCulture, $"{entry.Length}-{entry.Crc32:x8}");
    }

    internal Task<VideoProbe> ProbeAsync(FfmpegInput source, CancellationToken cancellationToken)
        => Probes.GetOrProbeAsync(source.Video.VideoId, source.Fingerprint, () => VideoProber.ProbeAsync(Tools, source.Video, source.Input, cancellationToken));

    /// <summary>Runs one ffmpeg process for a plan and streams its frames, bounded and cancellable.</summary>
    internal async IAsyncEnumerable<VideoFrame> DecodeAsync(FramePlan plan, string input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (plan.FfmpegFrameCount == 0)
        {
            yield break;
        }

        using var slot = await Tools.AcquireAsync(cancellationToken).ConfigureAwait(false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<VideoFrame>(new BoundedChannelOptions(Tools.Options.BufferedFrames)
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

    /// <summary>The sink of the last decode started, for tests of the memory bound.</summary>
    internal FrameSink? LastFrameSink { get; private set; }

    private async IAsyncEnumerable<VideoFrame> ReadFramesCoreAsync(string videoId, FrameReadOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var source = await ResolveFfmpegInputAsync(videoId, cancellationToken).ConfigureAwait(false);
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
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(frame.Pixels.Length);
        frame.Pixels.CopyTo(buffer);
        return new VideoFrame(frame.VideoId, frame.Index, frame.Timestamp, frame.Width, frame.Height, frame.PixelFormat, buffer, frame.Pixels.Length);
    }
}

/// <summary>What ffmpeg is given for a video: a path or an ffmpeg URL, never a .NET stream.</summary>
internal sealed record FfmpegInput(VisemQcVideo Video, string Input, string Fingerprint);
