using System.Globalization;
using VisemQc.Evaluation;

namespace VisemQc;

/// <summary>The agreement of predicted and true values of one grade (such as immotile, d) over a set of videos.</summary>
public readonly struct GradeMetrics
{
    internal GradeMetrics(double mae, double rmse, double pearsonR)
    {
        Mae = mae;
        Rmse = rmse;
        PearsonR = pearsonR;
    }

    /// <summary>The mean absolute error, on the scale of <see cref="MotilityMetrics.Scale"/>.</summary>
    public double Mae { get; }

    /// <summary>The root mean squared error, on the same scale.</summary>
    public double Rmse { get; }

    /// <summary>
    /// Pearson's correlation coefficient of the predicted and true values, from -1 to 1; <see cref="double.NaN"/>
    /// when it is undefined: fewer than 2 videos, or all true values equal, or all predicted values equal
    /// (such as a ZeroR baseline within one fold). Test with <see cref="double.IsNaN(double)"/>.
    /// </summary>
    public double PearsonR { get; }

    /// <summary>
    /// Computes the metrics of one grade from true and predicted values in percent, without allocating.
    /// </summary>
    /// <param name="actual">The true values, in percent.</param>
    /// <param name="predicted">The predicted values, in percent, in the same order.</param>
    /// <param name="scale">The scale of the returned MAE and RMSE.</param>
    /// <returns>The metrics; Pearson r is <see cref="double.NaN"/> when undefined.</returns>
    /// <exception cref="ArgumentException">The spans are empty or differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not a defined value.</exception>
    public static GradeMetrics Compute(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted, MotilityScale scale = MotilityScale.Percent)
    {
        if (actual.Length != predicted.Length || actual.IsEmpty)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Expected as many predicted values as true values, at least one; got {actual.Length} true and {predicted.Length} predicted."), nameof(predicted));
        }

        return MetricMath.Grade(actual, predicted, MetricMath.Factor(scale));
    }

    /// <summary>Formats the metrics, such as <c>MAE 4.12, RMSE 5.3, r 0.88</c> (r <c>n/a</c> when undefined), with invariant numbers.</summary>
    /// <returns>The three figures.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"MAE {Mae:0.####}, RMSE {Rmse:0.####}, r {MetricMath.FormatR(PearsonR)}");
}
