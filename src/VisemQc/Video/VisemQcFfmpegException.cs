namespace VisemQc;

/// <summary>
/// ffmpeg or ffprobe failed on a video: the bytes are not a video it can decode, or the options asked
/// for something impossible. <see cref="StandardErrorTail"/> holds the last lines ffmpeg printed.
/// </summary>
public sealed class VisemQcFfmpegException : VisemQcException
{
    /// <summary>Creates the exception for a failed ffmpeg or ffprobe run.</summary>
    /// <param name="program"><c>ffmpeg</c> or <c>ffprobe</c>.</param>
    /// <param name="videoId">The video being read.</param>
    /// <param name="exitCode">The process's exit code.</param>
    /// <param name="standardErrorTail">The last lines the process wrote to its standard error; <see langword="null"/> for none.</param>
    /// <param name="arguments">The arguments the process was started with; <see langword="null"/> when unknown.</param>
    /// <param name="message">The message, or <see langword="null"/> for one made from the data.</param>
    /// <param name="innerException">The underlying cause, or <see langword="null"/>.</param>
    public VisemQcFfmpegException(
        string program,
        string videoId,
        int exitCode,
        IReadOnlyList<string>? standardErrorTail = null,
        string? arguments = null,
        string? message = null,
        Exception? innerException = null)
        : base(message ?? $"{program} failed on video '{videoId}' with exit code {exitCode}: {(standardErrorTail is { Count: > 0 } ? string.Join(" | ", standardErrorTail) : "(no message)")}.", innerException)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(videoId);
        Program = program;
        VideoId = videoId;
        ExitCode = exitCode;
        StandardErrorTail = standardErrorTail ?? [];
        Arguments = arguments ?? string.Empty;
    }

    /// <summary><c>ffmpeg</c> or <c>ffprobe</c>.</summary>
    public string Program { get; }

    /// <summary>The video being read.</summary>
    public string VideoId { get; }

    /// <summary>The process's exit code.</summary>
    public int ExitCode { get; }

    /// <summary>The last lines the process wrote to its standard error (at most 20).</summary>
    public IReadOnlyList<string> StandardErrorTail { get; }

    /// <summary>The arguments the process was started with (empty when unknown).</summary>
    public string Arguments { get; }
}
