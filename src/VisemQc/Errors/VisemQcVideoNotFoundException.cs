namespace VisemQc;

/// <summary>
/// A video ID is not in the dataset: it has no annotation record (indexer) or no video file
/// (<see cref="VisemQcDataset.OpenVideo(string)"/>).
/// </summary>
public sealed class VisemQcVideoNotFoundException : VisemQcException
{
    internal VisemQcVideoNotFoundException(string videoId, string datasetPath, string message)
        : base(message)
    {
        VideoId = videoId;
        DatasetPath = datasetPath;
    }

    /// <summary>The ID that was asked for.</summary>
    public string VideoId { get; }

    /// <summary>The zip file or folder of the dataset.</summary>
    public string DatasetPath { get; }
}
