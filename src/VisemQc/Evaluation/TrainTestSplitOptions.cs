using System.Globalization;

namespace VisemQc;

/// <summary>How <see cref="DatasetSplits.TrainTest(IEnumerable{MotilityRecord}, TrainTestSplitOptions?)"/> holds out a test set.</summary>
/// <remarks>
/// The split depends only on <see cref="Seed"/>, <see cref="TestFraction"/>, <see cref="StratifyByProgressive"/>
/// and the set of records (not their order): the same on every machine and runtime.
/// </remarks>
public sealed record TrainTestSplitOptions
{
    /// <summary>The default options: 20 % test, seed 0, not stratified.</summary>
    public static TrainTestSplitOptions Default { get; } = new();

    /// <summary>
    /// The share of videos held out for testing. The test set has ⌈n × <see cref="TestFraction"/>⌉ videos
    /// (a product within 1e-9 of a whole number counts as that number), at least 1 and at most n − 1.
    /// </summary>
    /// <value>Default 0.2 (13 of 65 videos). Greater than 0 and less than 1.</value>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>The seed of the draw. Any value; negative seeds are used as their unsigned 32-bit pattern.</summary>
    /// <value>Default 0.</value>
    public int Seed { get; init; }

    /// <summary>
    /// Whether the test set spans the range of progressive motility (a + b): videos are sorted by a + b,
    /// cut into as many consecutive, near-equal strata as there are test videos, and one video is drawn from each.
    /// </summary>
    /// <value>Default <see langword="false"/>: a plain seeded shuffle.</value>
    public bool StratifyByProgressive { get; init; }

    /// <summary>Checks every option and throws with the bad value when one is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="TestFraction"/> is not a number greater than 0 and less than 1.</exception>
    public void Validate()
    {
        if (!(TestFraction > 0 && TestFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TestFraction), TestFraction, string.Create(CultureInfo.InvariantCulture, $"{nameof(TestFraction)} is greater than 0 and less than 1 (0.2 holds out 20 % of the videos); got {TestFraction}."));
        }
    }
}
