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
public sealed class VisemQcVideo
{
    internal VisemQcVideo(string videoId, string path, long length, VideoStorage storage)
    {
        VideoId = videoId;
        Path = path;
        Length = length;
        Storage = storage;
    }

    /// <summary>The file name without extension, which matches the annotation's video ID.</summary>
    public string VideoId { get; }

    /// <summary>The path inside the zip or folder, with <c>/</c> separators, such as <c>visem-qc/videos/623.mkv</c>.</summary>
    public string Path { get; }

    /// <summary>The video's size in bytes (uncompressed).</summary>
    public long Length { get; }

    /// <summary>How the bytes are kept.</summary>
    public VideoStorage Storage { get; }

    /// <summary>The container, from the file extension in lower case without the dot, such as <c>mkv</c>, <c>avi</c> or <c>mp4</c>.</summary>
    public string Container => System.IO.Path.GetExtension(Path).TrimStart('.').ToLowerInvariant();

    /// <summary>A one-line description: ID, path, size and storage.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{VideoId}: {Path}, {Length} bytes, {Storage}";
}
