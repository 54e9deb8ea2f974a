namespace VisemQc;

/// <summary>
/// A video ID is not in the dataset: it has no annotation record (indexer) or no video file
/// (<see cref="VisemQcDataset.OpenVideo(string)"/>).
/// </summary>
/// <remarks>
/// Derives from <see cref="KeyNotFoundException"/>, not <see cref="VisemQcException"/>, because the
/// indexer's "not found" is a dictionary's; catch this type (or <see cref="KeyNotFoundException"/>).
/// </remarks>
public sealed class VisemQcVideoNotFoundException : KeyNotFoundException
{
    /// <summary>Creates the exception for an ID that is not in a dataset.</summary>
    /// <param name="videoId">The ID that was asked for.</param>
    /// <param name="datasetPath">The zip file or folder of the dataset.</param>
    /// <param name="message">The message, or <see langword="null"/> for one made from the data.</param>
    /// <param name="innerException">The underlying cause, or <see langword="null"/>.</param>
    public VisemQcVideoNotFoundException(string videoId, string datasetPath, string? message = null, Exception? innerException = null)
        : base(message ?? $"{datasetPath}: there is no video with ID '{videoId}'. IDs are file names without extension, such as '623'.", innerException)
    {
        ArgumentNullException.ThrowIfNull(videoId);
        ArgumentNullException.ThrowIfNull(datasetPath);
        VideoId = videoId;
        DatasetPath = datasetPath;
    }

    /// <summary>The ID that was asked for.</summary>
    public string VideoId { get; }

    /// <summary>The zip file or folder of the dataset.</summary>
    public string DatasetPath { get; }
}
