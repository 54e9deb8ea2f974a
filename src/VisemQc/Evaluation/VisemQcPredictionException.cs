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
    /// <summary>Creates the exception for predictions that do not match the videos evaluated.</summary>
    /// <param name="foldIndex">The zero-based cross-validation fold, or <see langword="null"/> outside cross-validation.</param>
    /// <param name="missingVideoIds">The videos evaluated that have no prediction; <see langword="null"/> for none.</param>
    /// <param name="unexpectedVideoIds">The predicted videos that are not evaluated; <see langword="null"/> for none.</param>
    /// <param name="duplicateVideoIds">The videos with more than one prediction; <see langword="null"/> for none.</param>
    /// <param name="message">The message, or <see langword="null"/> for one made from the data.</param>
    /// <param name="innerException">The underlying cause, or <see langword="null"/>.</param>
    public VisemQcPredictionException(
        int? foldIndex,
        IReadOnlyList<string>? missingVideoIds = null,
        IReadOnlyList<string>? unexpectedVideoIds = null,
        IReadOnlyList<string>? duplicateVideoIds = null,
        string? message = null,
        Exception? innerException = null)
        : base(message ?? DefaultMessage(foldIndex, missingVideoIds, unexpectedVideoIds, duplicateVideoIds), innerException)
    {
        FoldIndex = foldIndex;
        MissingVideoIds = missingVideoIds ?? [];
        UnexpectedVideoIds = unexpectedVideoIds ?? [];
        DuplicateVideoIds = duplicateVideoIds ?? [];
    }

    /// <summary>The zero-based index of the cross-validation fold whose predictions are wrong (messages number folds from 1), or <see langword="null"/> outside cross-validation.</summary>
    public int? FoldIndex { get; }

    /// <summary>The videos evaluated that have no prediction.</summary>
    public IReadOnlyList<string> MissingVideoIds { get; }

    /// <summary>The predicted videos that are not evaluated: unknown IDs, or in cross-validation, IDs outside the fold's test set (such as training videos).</summary>
    public IReadOnlyList<string> UnexpectedVideoIds { get; }

    /// <summary>The videos with more than one prediction.</summary>
    public IReadOnlyList<string> DuplicateVideoIds { get; }

    private static string DefaultMessage(int? foldIndex, IReadOnlyList<string>? missing, IReadOnlyList<string>? unexpected, IReadOnlyList<string>? duplicates) =>
        $"{(foldIndex is { } index ? $"Fold {index + 1}: p" : "P")}redictions do not match the videos evaluated: {missing?.Count ?? 0} missing, {unexpected?.Count ?? 0} unexpected, {duplicates?.Count ?? 0} duplicated. Predict every evaluated video ID once, and nothing else.";
}
