namespace VisemQc.Video;

/// <summary>Where the decoder finds a video by ID: the dataset's files, kept out of the decoder's concerns.</summary>
internal interface IVideoSource
{
    /// <summary>Throws when no single video file has the ID (so that a lazy enumeration fails at the call).</summary>
    void EnsureVideo(string videoId);

    /// <summary>What ffmpeg reads for the video.</summary>
    Task<FfmpegInput> ResolveFfmpegInputAsync(string videoId, CancellationToken cancellationToken);
}

/// <summary>What ffmpeg is given for a video: a path or an ffmpeg URL, never a .NET stream.</summary>
internal sealed record FfmpegInput(VisemQcVideo Video, string Input, string Fingerprint);
