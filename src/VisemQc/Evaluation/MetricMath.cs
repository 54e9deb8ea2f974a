using System.Globalization;

namespace VisemQc.Evaluation;

/// <summary>The arithmetic of the metrics: span loops that allocate nothing.</summary>
internal static class MetricMath
{
    public static double Factor(MotilityScale scale) => scale switch
    {
        MotilityScale.Percent => 1.0,
        MotilityScale.Fraction => 0.01,
        _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, $"{nameof(MotilityScale)} is {nameof(MotilityScale.Percent)} or {nameof(MotilityScale.Fraction)}; got {(int)scale}."),
    };

    /// <summary>MAE and RMSE of percent values, multiplied by <paramref name="factor"/>, and Pearson r (two passes: means, then centred sums).</summary>
    public static GradeMetrics Grade(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted, double factor)
    {
        var n = actual.Length;
        predicted = predicted[..n];
        double sumActual = 0, sumPredicted = 0, sumAbs = 0, sumSquared = 0;
        double firstActual = actual[0], firstPredicted = predicted[0];
        bool actualVaries = false, predictedVaries = false;
        for (var i = 0; i < n; i++)
        {
            var y = actual[i];
            var p = predicted[i];
            var error = p - y;
            sumActual += y;
            sumPredicted += p;
            sumAbs += Math.Abs(error);
            sumSquared += error * error;
            actualVaries |= y != firstActual;
            predictedVaries |= p != firstPredicted;
        }

        var mae = sumAbs / n * factor;
        var rmse = Math.Sqrt(sumSquared / n) * factor;

        // Undefined unless both series vary. Testing for equal values, not for a variance near zero, keeps a
        // constant series (whose computed mean may be off by an ulp) from yielding a meaningless r.
        if (!actualVaries || !predictedVaries)
        {
            return new GradeMetrics(mae, rmse, double.NaN);
        }

        var meanActual = sumActual / n;
        var meanPredicted = sumPredicted / n;
        double sxx = 0, syy = 0, sxy = 0;
        for (var i = 0; i < n; i++)
        {
            var dy = actual[i] - meanActual;
            var dp = predicted[i] - meanPredicted;
            sxx += dy * dy;
            syy += dp * dp;
            sxy += dy * dp;
        }

        var r = sxy / Math.Sqrt(sxx * syy);
        return new GradeMetrics(mae, rmse, Math.Clamp(r, -1.0, 1.0));
    }

    public static string FormatR(double r) => double.IsNaN(r) ? "n/a" : r.ToString("0.00", CultureInfo.InvariantCulture);
}
