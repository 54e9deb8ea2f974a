using System.Globalization;

namespace VisemQc;

/// <summary>A train/test split over video IDs, from <see cref="DatasetSplits.TrainTest(IEnumerable{MotilityRecord}, double, int, bool)"/>.</summary>
/// <remarks>Both lists are in video ID order (numeric IDs by value), disjoint, and together hold every video of the split.</remarks>
public sealed class TrainTestSplit
{
    internal TrainTestSplit(IReadOnlyList<string> trainIds, IReadOnlyList<string> testIds)
    {
        TrainIds = trainIds;
        TestIds = testIds;
    }

    /// <summary>The videos to train on.</summary>
    public IReadOnlyList<string> TrainIds { get; }

    /// <summary>The videos held out for testing.</summary>
    public IReadOnlyList<string> TestIds { get; }

    /// <summary>A one-line summary, such as <c>4 train, 1 test (623)</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{TrainIds.Count} train, {TestIds.Count} test ({string.Join(", ", TestIds)})");
}
