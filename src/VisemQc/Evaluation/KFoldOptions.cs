using System.Globalization;

namespace VisemQc;

/// <summary>How <see cref="DatasetSplits.KFold(IEnumerable{MotilityRecord}, KFoldOptions?)"/> deals videos into folds.</summary>
/// <remarks>
/// The assignment depends only on <see cref="Seed"/>, <see cref="FoldCount"/>, <see cref="StratifyByProgressive"/>
/// and the set of records (not their order): the same on every machine and runtime. docs/evaluation.md
/// gives the algorithm step by step.
/// </remarks>
public sealed record KFoldOptions
{
    /// <summary>The default options: 10 folds, seed 0, not stratified (the published protocol's k).</summary>
    public static KFoldOptions Default { get; } = new();

    /// <summary>The number of folds k: every video is in the test set of exactly one fold and in the training set of the k − 1 others.</summary>
    /// <value>Default 10, as in the published evaluation (Haugen et al. 2023). From 2 up to the number of videos.</value>
    public int FoldCount { get; init; } = 10;

    /// <summary>The seed of the shuffle. Any value; negative seeds are used as their unsigned 32-bit pattern.</summary>
    /// <value>Default 0.</value>
    public int Seed { get; init; }

    /// <summary>
    /// Whether each fold gets a like share of low, middle and high progressive motility (a + b): videos are
    /// sorted by a + b, cut into consecutive groups of <see cref="FoldCount"/>, and each group is dealt
    /// to the folds in a seeded random order, one video per fold.
    /// </summary>
    /// <value>Default <see langword="false"/>: a plain seeded shuffle dealt round-robin.</value>
    public bool StratifyByProgressive { get; init; }

    /// <summary>Checks every option and throws with the bad value when one is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="FoldCount"/> is less than 2.</exception>
    public void Validate()
    {
        if (FoldCount < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(FoldCount), FoldCount, string.Create(CultureInfo.InvariantCulture, $"{nameof(FoldCount)} is 2 or more (10 in the published protocol); got {FoldCount}."));
        }
    }
}
