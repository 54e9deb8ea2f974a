namespace VisemQc;

/// <summary>
/// ffmpeg or ffprobe cannot be found: not installed, not on the <c>PATH</c>, or not in the folder named
/// by <see cref="VisemQcDatasetOptions.FfmpegFolder"/>. The message says how to install it.
/// </summary>
public sealed class VisemQcFfmpegNotFoundException : VisemQcException
{
    /// <summary>Creates the exception for a program that was not found.</summary>
    /// <param name="program"><c>ffmpeg</c> or <c>ffprobe</c>.</param>
    /// <param name="searched">Where it was looked for: a folder, or the <c>PATH</c>.</param>
    /// <param name="message">The message, or <see langword="null"/> for one made from the data.</param>
    /// <param name="innerException">The underlying cause, or <see langword="null"/>.</param>
    public VisemQcFfmpegNotFoundException(string program, string searched, string? message = null, Exception? innerException = null)
        : base(message ?? $"{program} was not found in {searched}. Install ffmpeg 5 or later.", innerException)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(searched);
        Program = program;
        Searched = searched;
    }

    /// <summary><c>ffmpeg</c> or <c>ffprobe</c>.</summary>
    public string Program { get; }

    /// <summary>Where it was looked for: a folder, or the <c>PATH</c>.</summary>
    public string Searched { get; }
}
