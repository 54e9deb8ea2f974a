namespace VisemQc;

/// <summary>
/// The zip or folder does not look like VISEM-QC: no annotation CSV or several of them, no folder
/// of videos or several candidates, or a video ID that matches more than one file.
/// </summary>
/// <remarks>
/// Name the CSV or the videos folder explicitly with <see cref="VisemQcDatasetOptions.AnnotationPath"/>
/// and <see cref="VisemQcDatasetOptions.VideosFolder"/> when the automatic search cannot decide.
/// </remarks>
public sealed class VisemQcLayoutException : VisemQcException
{
    internal VisemQcLayoutException(string datasetPath, IReadOnlyList<string> candidates, string message)
        : base(message)
    {
        DatasetPath = datasetPath;
        Candidates = candidates;
    }

    /// <summary>The zip file or folder that was opened.</summary>
    public string DatasetPath { get; }

    /// <summary>The paths inside the dataset that were found and could not be told apart (empty when nothing was found).</summary>
    public IReadOnlyList<string> Candidates { get; }
}
