namespace VisemQc;

/// <summary>How <see cref="CrossValidation"/> splits the videos and reports errors.</summary>
public sealed record CrossValidationOptions
{
    /// <summary>The default options: 10 folds, seed 0, not stratified; errors in percent.</summary>
    public static CrossValidationOptions Default { get; } = new();

    /// <summary>The k-fold split.</summary>
    /// <value>Default <see cref="KFoldOptions.Default"/>: 10 folds (the published protocol), seed 0, not stratified.</value>
    public KFoldOptions Folds { get; init; } = KFoldOptions.Default;

    /// <summary>The scale of every MAE and RMSE in the result.</summary>
    /// <value>Default <see cref="MotilityScale.Percent"/> (0-100); use <see cref="MotilityScale.Fraction"/> (0-1) to compare with Haugen et al. (2023).</value>
    public MotilityScale Scale { get; init; } = MotilityScale.Percent;

    /// <summary>Checks every option and throws with the bad value when one is out of range.</summary>
    /// <exception cref="ArgumentNullException"><see cref="Folds"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Folds);
        Folds.Validate();
        if (Scale is not (MotilityScale.Percent or MotilityScale.Fraction))
        {
            throw new ArgumentOutOfRangeException(nameof(Scale), Scale, $"{nameof(Scale)} is {nameof(MotilityScale.Percent)} or {nameof(MotilityScale.Fraction)}; got {(int)Scale}.");
        }
    }
}
