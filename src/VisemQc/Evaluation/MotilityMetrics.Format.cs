using System.Globalization;
using System.Text;
using VisemQc.Evaluation;

namespace VisemQc;

public sealed partial class MotilityMetrics
{
    /// <summary>
    /// A table of the metrics for people, naming the scale: one line per grade (MAE, RMSE, Pearson r; <c>n/a</c>
    /// when r is undefined), then the 4-category and 3-category MAE and RMSE. Invariant numbers, 2 decimals on
    /// the percent scale and 4 on the fraction scale.
    /// </summary>
    /// <returns>The table, lines separated by <c>\n</c>.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Count} videos, MAE and RMSE {ScaleName(Scale)}\n");
        text.Append(CultureInfo.InvariantCulture, $"{"grade",-21}{"MAE",8}{"RMSE",11}{"Pearson r",11}\n");
        Row("a   rapid progressive", RapidProgressive);
        Row("b   slow progressive", SlowProgressive);
        Row("c   non-progressive", NonProgressive);
        Row("d   immotile", Immotile);
        Row("a+b progressive", Progressive);
        text.Append(CultureInfo.InvariantCulture, $"4-category (a, b, c, d): MAE {FormatError(FourCategoryMae, Scale)}, RMSE {FormatError(FourCategoryRmse, Scale)}\n");
        text.Append(CultureInfo.InvariantCulture, $"3-category (a+b, c, d):  MAE {FormatError(ThreeCategoryMae, Scale)}, RMSE {FormatError(ThreeCategoryRmse, Scale)}");
        return text.ToString();

        void Row(string name, GradeMetrics grade) => text.Append(CultureInfo.InvariantCulture, $"{name,-21}{FormatError(grade.Mae, Scale),8}{FormatError(grade.Rmse, Scale),11}{MetricMath.FormatR(grade.PearsonR),11}\n");
    }

    internal static string ScaleName(MotilityScale scale) => scale == MotilityScale.Fraction
        ? "on the 0-1 scale (fractions)"
        : "on the 0-100 scale (percentage points)";

    internal static string FormatError(double value, MotilityScale scale)
        => value.ToString(scale == MotilityScale.Fraction ? "0.0000" : "0.00", CultureInfo.InvariantCulture);
}
