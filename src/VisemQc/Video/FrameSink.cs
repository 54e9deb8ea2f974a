using System.Buffers;
using System.Threading.Channels;
using FFMpegCore.Pipes;

namespace VisemQc.Video;

/// <summary>
/// Receives ffmpeg's raw frames and hands them to the consumer through a bounded channel: when the
/// consumer stops reading, the channel fills, this sink stops reading the pipe, and ffmpeg blocks on its
/// write. Memory is therefore bounded by the channel's capacity plus one frame and the pipe's buffer.
/// </summary>
/// <remarks>
/// FFMpegCore cancels the token it passes to <see cref="ReadAsync"/> as soon as ffmpeg exits, and swallows
/// the cancellation: frames still in the pipe or waiting for a slow consumer would be lost without an
/// error. So this sink ignores that token and stops only on <paramref name="stop"/>, the enumeration's own.
/// </remarks>
internal sealed class FrameSink(FramePlan plan, ChannelWriter<VideoFrame> writer, CancellationToken stop) : IPipeSink
{
    private int _outputs;
    private int _produced;
    private int _consumed;

    /// <summary>The largest number of frames decoded and not yet taken by the consumer (a diagnostic of the memory bound).</summary>
    public int PeakBuffered { get; private set; }

    /// <summary>Counts a frame taken by the consumer.</summary>
    public void OnConsumed() => Interlocked.Increment(ref _consumed);

    public string GetStreamArguments() => string.Empty;

    public Task ReadAsync(Stream inputStream, CancellationToken cancellationToken)
    {
        _ = cancellationToken; // see the remarks: FFMpegCore's token ends with the process, before the pipe is drained

        // Blocking reads on a thread of their own: an async read per pipe piece costs a thread-pool wake-up (see benchmarks/README.md).
        return Task.Factory.StartNew(() => ReadLoop(inputStream), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void ReadLoop(Stream inputStream)
    {
        var frameLength = plan.FrameLength;
        while (!stop.IsCancellationRequested)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(frameLength);
            var read = inputStream.ReadAtLeast(buffer.AsSpan(0, frameLength), frameLength, throwOnEndOfStream: false);
            if (read == 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                break;
            }

            if (read < frameLength)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                VisemQcThrow.FfmpegException_TruncatedFrame(plan.VideoId, frameLength, read, plan.OutputArguments);
            }

            var sourceIndex = plan.SourceIndexOfOutput(_outputs++);
            var copies = plan.CopiesOf(sourceIndex);
            if (copies == 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                continue;
            }

            for (var copy = 1; copy < copies; copy++)
            {
                var duplicate = ArrayPool<byte>.Shared.Rent(frameLength);
                buffer.AsSpan(0, frameLength).CopyTo(duplicate);
                Write(plan.CreateFrame(sourceIndex, duplicate));
            }

            Write(plan.CreateFrame(sourceIndex, buffer));
        }
    }

    /// <summary>Hands a frame to the consumer, blocking this reader thread while the queue is full (that is the back-pressure on ffmpeg).</summary>
    private void Write(VideoFrame frame)
    {
        try
        {
            while (!writer.TryWrite(frame))
            {
                if (!writer.WaitToWriteAsync(stop).AsTask().GetAwaiter().GetResult())
                {
                    throw new OperationCanceledException(stop);
                }
            }
        }
        catch
        {
            frame.Dispose();
            throw;
        }

        _produced++;
        PeakBuffered = Math.Max(PeakBuffered, _produced - Volatile.Read(ref _consumed));
    }
}

/// <summary>Collects everything ffmpeg writes (an encoded PNG) into memory; like <see cref="FrameSink"/>, it stops only on <paramref name="stop"/>.</summary>
internal sealed class BytesSink(CancellationToken stop) : IPipeSink
{
    private readonly ArrayBufferWriter<byte> _bytes = new();

    public byte[] ToArray() => _bytes.WrittenSpan.ToArray();

    public string GetStreamArguments() => string.Empty;

    public async Task ReadAsync(Stream inputStream, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        int read;
        while ((read = await inputStream.ReadAsync(_bytes.GetMemory(64 * 1024), stop).ConfigureAwait(false)) > 0)
        {
            _bytes.Advance(read);
        }
    }
}
