namespace VisemQc;

/// <summary>
/// Predictions do not match the videos they are evaluated on: a video without a prediction, a
/// prediction for a video that is not being evaluated, or two predictions for one video. Thrown by
/// <see cref="MotilityMetrics.Compute(IEnumerable{MotilityRecord}, IEnumerable{MotilityPrediction}, MotilityScale)"/>
/// and, for what a train-and-predict function returned, by <see cref="CrossValidation"/>.
/// </summary>
/// <remarks>Each list is in video ID order (numeric IDs by value) and complete; the message names at most the first few IDs of each.</remarks>
public sealed class VisemQcPredictionException : VisemQcException
{
    internal VisemQcPredictionException(
        int? foldIndex,
        IReadOnlyList<string> missingVideoIds,
        IReadOnlyList<string> unexpectedVideoIds,
        IReadOnlyList<string> duplicateVideoIds,
        string message)
        : base(message)
    {
        FoldIndex = foldIndex;
        MissingVideoIds = missingVideoIds;
        UnexpectedVideoIds = unexpectedVideoIds;
        DuplicateVideoIds = duplicateVideoIds;
    }

    /// <summary>The zero-based index of the cross-validation fold whose predictions are wrong (messages number folds from 1), or <see langword="null"/> outside cross-validation.</summary>
    public int? FoldIndex { get; }

    /// <summary>The videos evaluated that have no prediction.</summary>
    public IReadOnlyList<string> MissingVideoIds { get; }

    /// <summary>The predicted videos that are not evaluated: unknown IDs, or in cross-validation, IDs outside the fold's test set (such as training videos).</summary>
    public IReadOnlyList<string> UnexpectedVideoIds { get; }

    /// <summary>The videos with more than one prediction.</summary>
    public IReadOnlyList<string> DuplicateVideoIds { get; }
}
