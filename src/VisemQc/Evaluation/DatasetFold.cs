using System.Globalization;

namespace VisemQc;

/// <summary>One fold of a k-fold split over video IDs: the videos it tests on and the videos it trains on.</summary>
/// <remarks>Both lists are in video ID order (numeric IDs by value), disjoint, and together hold every video of the split.</remarks>
public sealed class DatasetFold
{
    internal DatasetFold(int index, int foldCount, IReadOnlyList<string> trainIds, IReadOnlyList<string> testIds)
    {
        Index = index;
        FoldCount = foldCount;
        TrainIds = trainIds;
        TestIds = testIds;
    }

    /// <summary>The fold's zero-based index, from 0 to <see cref="FoldCount"/> − 1 (text numbers folds from 1).</summary>
    public int Index { get; }

    /// <summary>The number of folds k of the split this fold belongs to.</summary>
    public int FoldCount { get; }

    /// <summary>The videos to train on: those of every other fold's test set.</summary>
    public IReadOnlyList<string> TrainIds { get; }

    /// <summary>The videos to test on; each video is in the test set of exactly one fold.</summary>
    public IReadOnlyList<string> TestIds { get; }

    /// <summary>A one-line summary, such as <c>fold 1 of 5: 4 train, 1 test (623)</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"fold {Index + 1} of {FoldCount}: {TrainIds.Count} train, {TestIds.Count} test ({string.Join(", ", TestIds)})");
}
