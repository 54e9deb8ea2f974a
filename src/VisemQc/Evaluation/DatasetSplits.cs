using VisemQc.Evaluation;

namespace VisemQc;

/// <summary>
/// Seeded splits of the videos for evaluation: k-fold (each video in exactly one test fold) and a
/// train/test split, optionally stratified by progressive motility (a + b).
/// </summary>
/// <remarks>
/// <para>
/// A split depends only on its options and on the set of video IDs (and, when stratified, their a + b):
/// records are sorted by ID first, so their order does not matter, and the shuffle uses a generator
/// defined bit for bit (SplitMix64), so a seed gives the same split on every machine and runtime.
/// The algorithm is spelled out in docs/evaluation.md so that it can be reimplemented elsewhere.
/// </para>
/// <para>Splits are over records: a record whose video file is missing is still dealt to a fold.</para>
/// </remarks>
public static class DatasetSplits
{
    /// <summary>Deals the records' videos into k folds.</summary>
    /// <param name="records">The records to split, with unique video IDs, in any order.</param>
    /// <param name="options">The fold count, seed and stratification; <see langword="null"/> for <see cref="KFoldOptions.Default"/> (10 folds, seed 0).</param>
    /// <returns>The k folds, by index. Fold sizes differ by at most one.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="records"/> holds a null element, a video ID twice, or fewer than 2 records.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or <see cref="KFoldOptions.FoldCount"/> exceeds the number of records.</exception>
    public static IReadOnlyList<DatasetFold> KFold(IEnumerable<MotilityRecord> records, KFoldOptions? options = null)
    {
        options ??= KFoldOptions.Default;
        options.Validate();
        var sorted = SplitAlgorithm.SortById(records, nameof(records));
        if (sorted.Length < 2)
        {
            VisemQcThrow.TooFewRecords(nameof(records), 2, sorted.Length, "A k-fold split");
        }

        if (options.FoldCount > sorted.Length)
        {
            VisemQcThrow.FoldCountAboveVideoCount(nameof(options), options.FoldCount, sorted.Length);
        }

        var foldOf = SplitAlgorithm.AssignFolds(sorted, options.FoldCount, options.Seed, options.StratifyByProgressive);
        var folds = new DatasetFold[options.FoldCount];
        for (var fold = 0; fold < folds.Length; fold++)
        {
            var test = new List<string>();
            var train = new List<string>();
            for (var i = 0; i < sorted.Length; i++)
            {
                (foldOf[i] == fold ? test : train).Add(sorted[i].VideoId);
            }

            folds[fold] = new DatasetFold(fold, options.FoldCount, train.AsReadOnly(), test.AsReadOnly());
        }

        return Array.AsReadOnly(folds);
    }

    /// <summary>Deals the dataset's records into k folds.</summary>
    /// <param name="dataset">The dataset whose <see cref="VisemQcDataset.Records"/> are split.</param>
    /// <param name="options">The fold count, seed and stratification; <see langword="null"/> for <see cref="KFoldOptions.Default"/> (10 folds, seed 0).</param>
    /// <returns>The k folds, by index. Fold sizes differ by at most one.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dataset"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The dataset has fewer than 2 records.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or <see cref="KFoldOptions.FoldCount"/> exceeds the number of records.</exception>
    public static IReadOnlyList<DatasetFold> KFold(VisemQcDataset dataset, KFoldOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return KFold(dataset.Records, options);
    }

    /// <summary>Holds out a share of the records' videos as a test set.</summary>
    /// <param name="records">The records to split, with unique video IDs, in any order.</param>
    /// <param name="options">The test fraction, seed and stratification; <see langword="null"/> for <see cref="TrainTestSplitOptions.Default"/> (20 % test, seed 0).</param>
    /// <returns>The split.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="records"/> holds a null element, a video ID twice, or fewer than 2 records.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static TrainTestSplit TrainTest(IEnumerable<MotilityRecord> records, TrainTestSplitOptions? options = null)
    {
        options ??= TrainTestSplitOptions.Default;
        options.Validate();
        var sorted = SplitAlgorithm.SortById(records, nameof(records));
        if (sorted.Length < 2)
        {
            VisemQcThrow.TooFewRecords(nameof(records), 2, sorted.Length, "A train/test split");
        }

        var testCount = SplitAlgorithm.TestCount(sorted.Length, options.TestFraction);
        var isTest = SplitAlgorithm.DrawTestSet(sorted, testCount, options.Seed, options.StratifyByProgressive);
        var test = new List<string>(testCount);
        var train = new List<string>(sorted.Length - testCount);
        for (var i = 0; i < sorted.Length; i++)
        {
            (isTest[i] ? test : train).Add(sorted[i].VideoId);
        }

        return new TrainTestSplit(train.AsReadOnly(), test.AsReadOnly());
    }

    /// <summary>Holds out a share of the dataset's records as a test set.</summary>
    /// <param name="dataset">The dataset whose <see cref="VisemQcDataset.Records"/> are split.</param>
    /// <param name="options">The test fraction, seed and stratification; <see langword="null"/> for <see cref="TrainTestSplitOptions.Default"/> (20 % test, seed 0).</param>
    /// <returns>The split.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dataset"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The dataset has fewer than 2 records.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static TrainTestSplit TrainTest(VisemQcDataset dataset, TrainTestSplitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return TrainTest(dataset.Records, options);
    }
}
