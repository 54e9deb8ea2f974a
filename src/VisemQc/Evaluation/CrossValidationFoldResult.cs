namespace VisemQc;

/// <summary>One fold of a cross-validation: its split, the metrics of its test videos, and the predictions scored.</summary>
public sealed class CrossValidationFoldResult
{
    internal CrossValidationFoldResult(DatasetFold fold, MotilityMetrics metrics, IReadOnlyList<MotilityPrediction> predictions)
    {
        Fold = fold;
        Metrics = metrics;
        Predictions = predictions;
    }

    /// <summary>The fold: its index and its training and test video IDs.</summary>
    public DatasetFold Fold { get; }

    /// <summary>The metrics over the fold's test videos. Pearson r is undefined (NaN) for a fold of one video or a constant prediction.</summary>
    public MotilityMetrics Metrics { get; }

    /// <summary>The fold's predictions, one per test video, in the order of <see cref="DatasetFold.TestIds"/>.</summary>
    public IReadOnlyList<MotilityPrediction> Predictions { get; }

    /// <summary>A one-line summary, such as <c>fold 1 of 10: n = 7, 3-category MAE 4.20, 4-category MAE 6.10 (percent)</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString()
        => $"fold {Fold.Index + 1} of {Fold.FoldCount}: n = {Metrics.Count}, 3-category MAE {MotilityMetrics.FormatError(Metrics.ThreeCategoryMae, Metrics.Scale)}, 4-category MAE {MotilityMetrics.FormatError(Metrics.FourCategoryMae, Metrics.Scale)} ({(Metrics.Scale == MotilityScale.Fraction ? "fractions" : "percent")})";
}
