namespace VisemQc;

/// <summary>How a video's bytes are kept in the dataset.</summary>
public enum VideoStorage
{
    /// <summary>A file in an extracted folder.</summary>
    File,

    /// <summary>A zip entry stored without compression: read in place, with seeking, no copy.</summary>
    Stored,

    /// <summary>A deflated zip entry: extracted once to a verified cache file, then read from there.</summary>
    Deflated,
}

/// <summary>One video file of a dataset.</summary>
/// <param name="VideoId">The file name without extension, which matches the annotation's video ID.</param>
/// <param name="Path">The path inside the zip or folder, with <c>/</c> separators, such as <c>visem-qc/videos/623.mkv</c>.</param>
/// <param name="Length">The video's size in bytes (uncompressed).</param>
/// <param name="Storage">How the bytes are kept.</param>
public sealed record VisemQcVideo(string VideoId, string Path, long Length, VideoStorage Storage)
{
    /// <summary>The container, from the file extension in lower case without the dot, such as <c>mkv</c>, <c>avi</c> or <c>mp4</c>.</summary>
    public string Container => System.IO.Path.GetExtension(Path).TrimStart('.').ToLowerInvariant();
}
