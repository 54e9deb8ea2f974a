namespace VisemQc;

/// <summary>The scale on which <see cref="MotilityMetrics"/> reports errors (MAE and RMSE). Pearson r has no unit and is the same on both.</summary>
public enum MotilityScale
{
    /// <summary>Percent, 0-100, like the records: an MAE of 5 means 5 percentage points. The MediaEval 2019 Medico task reports MAE on this scale.</summary>
    Percent = 0,

    /// <summary>Fractions, 0-1: every error divided by 100. Haugen et al. (2023) report MAE on this scale (0.05 = 5 percentage points).</summary>
    Fraction = 1,
}
