using System.Globalization;
using System.Text;
using VisemQc.Evaluation;

namespace VisemQc;

/// <summary>
/// The result of a cross-validation: metrics per fold, pooled over all out-of-fold predictions, and the
/// mean over folds, printable with <see cref="ToString"/> as a table with the columns of the published one.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Pooled"/> scores all out-of-fold predictions together, one per video. <see cref="MeanOverFolds"/>
/// averages the folds' figures without weights (Pearson r over the folds where it is defined). Their MAEs
/// are equal when every fold has the same size and close otherwise; their Pearson r differ, since a fold's r
/// rests on a handful of videos. Report which one you quote.
/// </para>
/// </remarks>
public sealed class CrossValidationResult
{
    private readonly int _seed;
    private readonly bool _stratified;

    internal CrossValidationResult(
        int seed,
        bool stratified,
        MotilityScale scale,
        IReadOnlyList<CrossValidationFoldResult> folds,
        MotilityMetrics pooled,
        MotilityMetrics meanOverFolds,
        IReadOnlyList<MotilityPrediction> predictions)
    {
        _seed = seed;
        _stratified = stratified;
        Scale = scale;
        Folds = folds;
        Pooled = pooled;
        MeanOverFolds = meanOverFolds;
        Predictions = predictions;
    }

    /// <summary>The scale of every MAE and RMSE in the result.</summary>
    public MotilityScale Scale { get; }

    /// <summary>Each fold's split, metrics and predictions, by fold index.</summary>
    public IReadOnlyList<CrossValidationFoldResult> Folds { get; }

    /// <summary>The metrics of all out-of-fold predictions together: every video once.</summary>
    public MotilityMetrics Pooled { get; }

    /// <summary>The unweighted mean of the folds' metrics; Pearson r averaged over the folds where it is defined (NaN when none is).</summary>
    public MotilityMetrics MeanOverFolds { get; }

    /// <summary>Every out-of-fold prediction, one per video, in video ID order (numeric IDs by value).</summary>
    public IReadOnlyList<MotilityPrediction> Predictions { get; }

    /// <summary>
    /// A table for people: a title naming the fold count, video count, seed, stratification and scale; then one
    /// row per fold, the mean over folds and the pooled figures, with the columns of Haugen et al. (2023) first
    /// (MAE of the 3- and 4-category tasks, Pearson r of a + b, d and a), then the two RMSEs. <c>n/a</c> marks an
    /// undefined r. Invariant numbers, 2 decimals on the percent scale and 4 on the fraction scale.
    /// </summary>
    /// <returns>The table, lines separated by <c>\n</c>.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Folds.Count}-fold cross-validation of {Pooled.Count} videos (seed {_seed}, {(_stratified ? "stratified by a+b" : "not stratified")}); MAE and RMSE {MotilityMetrics.ScaleName(Scale)}\n");
        text.Append(CultureInfo.InvariantCulture, $"{"",-16}{"n",4}{"MAE 3-cat",11}{"MAE 4-cat",11}{"r a+b",8}{"r d",8}{"r a",8}{"RMSE 3-cat",12}{"RMSE 4-cat",12}\n");
        foreach (var fold in Folds)
        {
            Row(string.Create(CultureInfo.InvariantCulture, $"fold {fold.Fold.Index + 1}"), fold.Metrics);
        }

        Row("mean over folds", MeanOverFolds);
        Row("pooled", Pooled);
        return text.ToString(0, text.Length - 1);

        void Row(string label, MotilityMetrics m) => text.Append(
            CultureInfo.InvariantCulture,
            $"{label,-16}{m.Count,4}{Error(m.ThreeCategoryMae),11}{Error(m.FourCategoryMae),11}{MetricMath.FormatR(m.Progressive.PearsonR),8}{MetricMath.FormatR(m.Immotile.PearsonR),8}{MetricMath.FormatR(m.RapidProgressive.PearsonR),8}{Error(m.ThreeCategoryRmse),12}{Error(m.FourCategoryRmse),12}\n");

        string Error(double value) => MotilityMetrics.FormatError(value, Scale);
    }
}
