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
    /// <summary>Creates the exception for a dataset whose layout cannot be told.</summary>
    /// <param name="datasetPath">The zip file or folder that was opened.</param>
    /// <param name="candidates">The paths found that could not be told apart; <see langword="null"/> or empty when nothing was found.</param>
    /// <param name="message">The message, or <see langword="null"/> for one made from the data.</param>
    /// <param name="innerException">The underlying cause, or <see langword="null"/>.</param>
    public VisemQcLayoutException(string datasetPath, IReadOnlyList<string>? candidates = null, string? message = null, Exception? innerException = null)
        : base(message ?? DefaultMessage(datasetPath, candidates), innerException)
    {
        ArgumentNullException.ThrowIfNull(datasetPath);
        DatasetPath = datasetPath;
        Candidates = candidates ?? [];
    }

    /// <summary>The zip file or folder that was opened.</summary>
    public string DatasetPath { get; }

    /// <summary>The paths inside the dataset that were found and could not be told apart (empty when nothing was found).</summary>
    public IReadOnlyList<string> Candidates { get; }

    private static string DefaultMessage(string datasetPath, IReadOnlyList<string>? candidates) => candidates is { Count: > 0 }
        ? $"{datasetPath}: cannot tell apart {string.Join(", ", candidates)}. Name the right one in {nameof(VisemQcDatasetOptions)}."
        : $"{datasetPath} does not have the VISEM-QC layout (an annotation CSV and a folder of videos).";
}
