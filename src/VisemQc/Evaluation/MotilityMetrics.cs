using VisemQc.Evaluation;

namespace VisemQc;

/// <summary>
/// How well predictions agree with the records: MAE, RMSE and Pearson r per grade, and the overall MAE
/// and RMSE of the 4-category task (a, b, c, d) and of the 3-category task (a + b, c, d) of Haugen et al. (2023).
/// </summary>
/// <remarks>
/// <para>
/// MAE and RMSE are on <see cref="Scale"/>: percent (0-100, the default, as the records and the
/// MediaEval 2019 Medico task) or fractions (0-1, as the published MAEs of Haugen et al.). Switching
/// divides every MAE and RMSE by 100 and leaves Pearson r unchanged; <see cref="ToString"/> names the scale.
/// </para>
/// <para>
/// The overall MAE of a task is the mean of its grades' MAEs, which equals the mean absolute error over
/// all its grade values (every grade has one value per video). The overall RMSE is the square root of the
/// mean of the grades' squared errors: the root mean squared error over all grade values, not the mean of
/// the per-grade RMSEs.
/// </para>
/// <para>
/// Pearson r of a grade is <see cref="double.NaN"/> when undefined: fewer than 2 videos, or the true or the
/// predicted values all equal (a constant prediction, such as ZeroR's within one fold).
/// </para>
/// </remarks>
public sealed partial class MotilityMetrics
{
    private MotilityMetrics(
        int count,
        MotilityScale scale,
        GradeMetrics rapidProgressive,
        GradeMetrics slowProgressive,
        GradeMetrics nonProgressive,
        GradeMetrics immotile,
        GradeMetrics progressive,
        double fourCategoryMae,
        double fourCategoryRmse,
        double threeCategoryMae,
        double threeCategoryRmse)
    {
        Count = count;
        Scale = scale;
        RapidProgressive = rapidProgressive;
        SlowProgressive = slowProgressive;
        NonProgressive = nonProgressive;
        Immotile = immotile;
        Progressive = progressive;
        FourCategoryMae = fourCategoryMae;
        FourCategoryRmse = fourCategoryRmse;
        ThreeCategoryMae = threeCategoryMae;
        ThreeCategoryRmse = threeCategoryRmse;
    }

    /// <summary>The number of videos evaluated (for a mean over folds, the total over the folds).</summary>
    public int Count { get; }

    /// <summary>The scale of every MAE and RMSE: <see cref="MotilityScale.Percent"/> (0-100) or <see cref="MotilityScale.Fraction"/> (0-1).</summary>
    public MotilityScale Scale { get; }

    /// <summary>Grade a, rapid progressive.</summary>
    public GradeMetrics RapidProgressive { get; }

    /// <summary>Grade b, slow progressive.</summary>
    public GradeMetrics SlowProgressive { get; }

    /// <summary>Grade c, non-progressive.</summary>
    public GradeMetrics NonProgressive { get; }

    /// <summary>Grade d, immotile.</summary>
    public GradeMetrics Immotile { get; }

    /// <summary>Total progressive motility a + b (predicted a + predicted b against true a + b).</summary>
    public GradeMetrics Progressive { get; }

    /// <summary>The MAE of the 4-category task: the mean of the MAEs of a, b, c and d.</summary>
    public double FourCategoryMae { get; }

    /// <summary>The RMSE of the 4-category task: the square root of the mean of the squared errors of a, b, c and d.</summary>
    public double FourCategoryRmse { get; }

    /// <summary>The MAE of the 3-category task: the mean of the MAEs of a + b, c and d.</summary>
    public double ThreeCategoryMae { get; }

    /// <summary>The RMSE of the 3-category task: the square root of the mean of the squared errors of a + b, c and d.</summary>
    public double ThreeCategoryRmse { get; }

    /// <summary>Compares predictions with the records of the same videos.</summary>
    /// <param name="records">The true grades of exactly the videos predicted, in any order, with unique IDs.</param>
    /// <param name="predictions">One prediction per record, in any order, matched by <see cref="MotilityPrediction.VideoId"/> (ordinal).</param>
    /// <param name="scale">The scale of the MAEs and RMSEs: <see cref="MotilityScale.Percent"/> (default) or <see cref="MotilityScale.Fraction"/>.</param>
    /// <returns>The metrics. The result does not depend on the order of the inputs.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A list holds a null element, <paramref name="records"/> holds a video ID twice, or both are empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not a defined value.</exception>
    /// <exception cref="VisemQcPredictionException">A record has no prediction, a prediction has no record, or a video has more than one prediction.</exception>
    public static MotilityMetrics Compute(IEnumerable<MotilityRecord> records, IEnumerable<MotilityPrediction> predictions, MotilityScale scale = MotilityScale.Percent)
    {
        var factor = MetricMath.Factor(scale);
        var sorted = SplitAlgorithm.SortById(records, nameof(records));
        var columns = PredictionMatcher.Match(sorted, predictions, nameof(predictions), foldIndex: null, foldCount: 0);
        if (columns.Count == 0)
        {
            VisemQcThrow.TooFewRecords(nameof(records), 1, 0, "Computing metrics");
        }

        return FromColumns(columns, scale, factor);
    }

    /// <summary>The same metrics on another scale: MAE and RMSE multiplied or divided by 100, Pearson r unchanged.</summary>
    /// <param name="scale">The scale wanted.</param>
    /// <returns>This instance when it already has that scale, otherwise a converted copy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not a defined value.</exception>
    public MotilityMetrics ToScale(MotilityScale scale)
    {
        var factor = MetricMath.Factor(scale) / MetricMath.Factor(Scale);
        if (scale == Scale)
        {
            return this;
        }

        return new MotilityMetrics(
            Count,
            scale,
            Convert(RapidProgressive),
            Convert(SlowProgressive),
            Convert(NonProgressive),
            Convert(Immotile),
            Convert(Progressive),
            FourCategoryMae * factor,
            FourCategoryRmse * factor,
            ThreeCategoryMae * factor,
            ThreeCategoryRmse * factor);

        GradeMetrics Convert(GradeMetrics grade) => new(grade.Mae * factor, grade.Rmse * factor, grade.PearsonR);
    }

    /// <summary>The metrics of matched columns: five span loops and one allocation, the result.</summary>
    internal static MotilityMetrics FromColumns(MetricColumns columns, MotilityScale scale, double factor)
    {
        var a = MetricMath.Grade(columns.Actual(MetricColumns.Rapid), columns.Predicted(MetricColumns.Rapid), factor);
        var b = MetricMath.Grade(columns.Actual(MetricColumns.Slow), columns.Predicted(MetricColumns.Slow), factor);
        var c = MetricMath.Grade(columns.Actual(MetricColumns.Non), columns.Predicted(MetricColumns.Non), factor);
        var d = MetricMath.Grade(columns.Actual(MetricColumns.Immotile), columns.Predicted(MetricColumns.Immotile), factor);
        var ab = MetricMath.Grade(columns.Actual(MetricColumns.Progressive), columns.Predicted(MetricColumns.Progressive), factor);
        return new MotilityMetrics(
            columns.Count,
            scale,
            a,
            b,
            c,
            d,
            ab,
            (a.Mae + b.Mae + c.Mae + d.Mae) / 4,
            Math.Sqrt(((a.Rmse * a.Rmse) + (b.Rmse * b.Rmse) + (c.Rmse * c.Rmse) + (d.Rmse * d.Rmse)) / 4),
            (ab.Mae + c.Mae + d.Mae) / 3,
            Math.Sqrt(((ab.Rmse * ab.Rmse) + (c.Rmse * c.Rmse) + (d.Rmse * d.Rmse)) / 3));
    }

    /// <summary>The unweighted mean over folds of every figure; Pearson r over the folds where it is defined (NaN when none). Count is the total.</summary>
    internal static MotilityMetrics MeanOf(IReadOnlyList<MotilityMetrics> folds, MotilityScale scale)
    {
        return new MotilityMetrics(
            folds.Sum(f => f.Count),
            scale,
            MeanGrade(f => f.RapidProgressive),
            MeanGrade(f => f.SlowProgressive),
            MeanGrade(f => f.NonProgressive),
            MeanGrade(f => f.Immotile),
            MeanGrade(f => f.Progressive),
            folds.Average(f => f.FourCategoryMae),
            folds.Average(f => f.FourCategoryRmse),
            folds.Average(f => f.ThreeCategoryMae),
            folds.Average(f => f.ThreeCategoryRmse));

        GradeMetrics MeanGrade(Func<MotilityMetrics, GradeMetrics> grade)
        {
            var defined = folds.Select(f => grade(f).PearsonR).Where(r => !double.IsNaN(r)).ToArray();
            return new GradeMetrics(
                folds.Average(f => grade(f).Mae),
                folds.Average(f => grade(f).Rmse),
                defined.Length == 0 ? double.NaN : defined.Average());
        }
    }
}
