using System.Diagnostics;
using System.Globalization;
using System.Text;
using FFMpegCore;
using FFMpegCore.Enums;
using FFMpegCore.Pipes;

namespace VisemQc.Video;

/// <summary>
/// Runs ffmpeg and ffprobe for one dataset: its own FFMpegCore options (never the global ones),
/// a gate that bounds how many processes run at once, and typed errors with the tail of stderr.
/// The gate is never disposed (it allocates no wait handle), so a stream still being read when its
/// dataset is disposed can still release its slot.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The gate allocates no wait handle; see the summary.")]
internal sealed class FfmpegTools
{
    public const int StderrLines = 20;

    private readonly SemaphoreSlim _gate;
    private readonly Lazy<string> _ffmpeg;
    private readonly Lazy<string> _ffprobe;

    private readonly FFOptions _ffOptions;

    public FfmpegTools(VisemQcDatasetOptions options)
    {
        _ffOptions = new FFOptions { BinaryFolder = options.FfmpegFolder ?? string.Empty, LogLevel = FFMpegLogLevel.Error };
        _gate = new SemaphoreSlim(options.MaxConcurrentDecodes, options.MaxConcurrentDecodes);
        _ffmpeg = new Lazy<string>(() => Locate("ffmpeg", options.FfmpegFolder));
        _ffprobe = new Lazy<string>(() => Locate("ffprobe", options.FfmpegFolder));
        Threads = options.EffectiveThreads;
        BufferedFrames = options.BufferedFrames;
    }

    /// <summary>The decoding threads of each ffmpeg process.</summary>
    public int Threads { get; }

    /// <summary>How many decoded frames may wait for the consumer.</summary>
    public int BufferedFrames { get; }

    /// <summary>Waits for a free slot; dispose the result to free it.</summary>
    public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(_gate);
    }

    /// <summary>Checks that ffmpeg can be found, so that a missing one is a typed error rather than a process failure.</summary>
    public void EnsureFfmpeg() => _ = _ffmpeg.Value;

    /// <summary>Runs ffprobe with the arguments and returns its standard output.</summary>
    public async Task<string> RunProbeAsync(string videoId, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_ffprobe.Value)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var slot = await AcquireAsync(cancellationToken).ConfigureAwait(false);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffprobe did not start.");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var text = await output.ConfigureAwait(false);
            var errorText = await error.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                VisemQcThrow.FfmpegException_Failed("ffprobe", videoId, process.ExitCode, Tail(errorText.Split('\n')), string.Join(' ', arguments));
            }

            return text;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Runs ffmpeg on <paramref name="input"/> (a path or ffmpeg URL, never a .NET stream) with output into
    /// <paramref name="sink"/>. Cancelling kills ffmpeg at once; the task completes only when it has exited.
    /// The caller holds a slot of the gate.
    /// </summary>
    public async Task RunAsync(string videoId, string input, string inputArguments, string outputArguments, IPipeSink sink, CancellationToken cancellationToken)
    {
        EnsureFfmpeg();
        using var kill = new CancellationTokenSource();
        var stderr = new Queue<string>();
        var processor = FFMpegArguments
            .FromUrlInput(input, o => o.WithCustomArgument(inputArguments))
            .OutputToPipe(sink, o => o.WithCustomArgument(outputArguments))
            .WithLogLevel(FFMpegLogLevel.Error)
            .NotifyOnStandardError(line =>
            {
                lock (stderr)
                {
                    stderr.Enqueue(line);
                    if (stderr.Count > StderrLines)
                    {
                        stderr.Dequeue();
                    }
                }
            })
            .CancellableThrough(kill.Token, TimeSpan.Zero);

        // Cancellation goes through CancellableThrough above, which kills ffmpeg at once rather than asking it to quit.
        // Its callback first writes 'q' to ffmpeg's input, which throws when ffmpeg has just exited: keep that
        // out of the caller's Cancel (it would surface as an AggregateException from an early break).
        using var forward = cancellationToken.Register(static state => CancelQuietly((CancellationTokenSource)state!), kill);
        var result = await processor.ProcessAsynchronously(throwOnError: false, _ffOptions, CancellationToken.None).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (!result.Success)
        {
            string[] tail;
            lock (stderr)
            {
                tail = stderr.ToArray();
            }

            VisemQcThrow.FfmpegException_Failed("ffmpeg", videoId, result.ExitCode, tail, processor.Arguments);
        }
    }

    private static void CancelQuietly(CancellationTokenSource kill)
    {
        try
        {
            kill.Cancel();
        }
        catch (AggregateException error) when (error.InnerExceptions.All(e => e is IOException or InvalidOperationException))
        {
            // ffmpeg had already exited (broken pipe on its input, or no process left to kill).
        }
    }

    internal static string[] Tail(IEnumerable<string> lines)
        => lines.Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).TakeLast(StderrLines).ToArray();

    internal static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0######", CultureInfo.InvariantCulture);

    /// <summary>The path of <paramref name="program"/> in <paramref name="folder"/>, or on the PATH when it is <see langword="null"/>.</summary>
    /// <param name="program">ffmpeg or ffprobe.</param>
    /// <param name="folder">The folder the user named, or <see langword="null"/>.</param>
    /// <param name="folderSetting">The setting that names the folder, for the message.</param>
    /// <exception cref="VisemQcFfmpegNotFoundException">The program is not there.</exception>
    public static string Locate(string program, string? folder, string folderSetting = $"{nameof(VisemQcDatasetOptions)}.{nameof(VisemQcDatasetOptions.FfmpegFolder)}")
    {
        var fileName = OperatingSystem.IsWindows() ? program + ".exe" : program;
        if (!string.IsNullOrEmpty(folder))
        {
            var path = Path.Combine(folder, fileName);
            if (!File.Exists(path))
            {
                VisemQcThrow.FfmpegNotFoundException_NotFound(program, $"the folder '{folder}' ({folderSetting})", folderSetting);
            }

            return path;
        }

        var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, fileName))
            .FirstOrDefault(File.Exists);
        if (found is null)
        {
            VisemQcThrow.FfmpegNotFoundException_NotFound(program, "the PATH", folderSetting);
        }

        return found;
    }

    private sealed class Slot(SemaphoreSlim gate) : IDisposable
    {
        private SemaphoreSlim? _gate = gate;

        public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
    }
}
