namespace VisemQc;

/// <summary>
/// ffmpeg or ffprobe failed on a video: the bytes are not a video it can decode, or the options asked
/// for something impossible. <see cref="StandardErrorTail"/> holds the last lines ffmpeg printed.
/// </summary>
public sealed class VisemQcFfmpegException : VisemQcException
{
    internal VisemQcFfmpegException(string program, string videoId, int exitCode, IReadOnlyList<string> standardErrorTail, string arguments, string message)
        : base(message)
    {
        Program = program;
        VideoId = videoId;
        ExitCode = exitCode;
        StandardErrorTail = standardErrorTail;
        Arguments = arguments;
    }

    /// <summary><c>ffmpeg</c> or <c>ffprobe</c>.</summary>
    public string Program { get; }

    /// <summary>The video being read.</summary>
    public string VideoId { get; }

    /// <summary>The process's exit code.</summary>
    public int ExitCode { get; }

    /// <summary>The last lines the process wrote to its standard error (at most 20).</summary>
    public IReadOnlyList<string> StandardErrorTail { get; }

    /// <summary>The arguments the process was started with.</summary>
    public string Arguments { get; }
}

/// <summary>
/// ffmpeg or ffprobe cannot be found: not installed, not on the <c>PATH</c>, or not in the folder named by
/// <see cref="VisemQcDatasetOptions.FfmpegFolder"/>. The message says how to install it.
/// </summary>
public sealed class VisemQcFfmpegNotFoundException : VisemQcException
{
    internal VisemQcFfmpegNotFoundException(string program, string searched, string message)
        : base(message)
    {
        Program = program;
        Searched = searched;
    }

    /// <summary><c>ffmpeg</c> or <c>ffprobe</c>.</summary>
    public string Program { get; }

    /// <summary>Where it was looked for: a folder, or the <c>PATH</c>.</summary>
    public string Searched { get; }
}
