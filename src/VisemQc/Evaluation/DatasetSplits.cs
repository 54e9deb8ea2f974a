using System.Globalization;
using VisemQc.Evaluation;

namespace VisemQc;

/// <summary>
/// Seeded splits of the videos for evaluation: k-fold (each video in exactly one test fold) and a
/// train/test split, optionally stratified by progressive motility (a + b).
/// </summary>
/// <remarks>
/// <para>
/// A split depends only on its parameters and on the set of video IDs (and, when stratified, their a + b):
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
    /// <param name="folds">The number of folds k, from 2 up to the number of records: every video is in the test set of exactly one fold. 10 as in the published evaluation (Haugen et al. 2023).</param>
    /// <param name="seed">The seed of the shuffle; negative seeds are used as their unsigned 32-bit pattern.</param>
    /// <param name="stratifyByProgressive">Whether each fold gets a like share of low, middle and high a + b: videos sorted by a + b are cut into groups of <paramref name="folds"/>, each dealt to the folds in a seeded order. <see langword="false"/>: a plain seeded shuffle dealt round-robin.</param>
    /// <returns>The k folds, by index. Fold sizes differ by at most one.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="records"/> holds a null element, a video ID twice, or fewer than 2 records.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is less than 2 or exceeds the number of records.</exception>
    public static IReadOnlyList<DatasetFold> KFold(IEnumerable<MotilityRecord> records, int folds = 10, int seed = 0, bool stratifyByProgressive = false)
    {
        CheckFoldCount(folds);
        var sorted = SplitAlgorithm.SortById(records, nameof(records));
        if (sorted.Length < 2)
        {
            VisemQcThrow.TooFewRecords(nameof(records), 2, sorted.Length, "A k-fold split");
        }

        if (folds > sorted.Length)
        {
            VisemQcThrow.FoldCountAboveVideoCount(nameof(folds), folds, sorted.Length);
        }

        var foldOf = SplitAlgorithm.AssignFolds(sorted, folds, seed, stratifyByProgressive);
        var result = new DatasetFold[folds];
        for (var fold = 0; fold < result.Length; fold++)
        {
            var test = new List<string>();
            var train = new List<string>();
            for (var i = 0; i < sorted.Length; i++)
            {
                (foldOf[i] == fold ? test : train).Add(sorted[i].VideoId);
            }

            result[fold] = new DatasetFold(fold, folds, train.AsReadOnly(), test.AsReadOnly());
        }

        return Array.AsReadOnly(result);
    }

    /// <summary>Deals the dataset's records into k folds.</summary>
    /// <param name="dataset">The dataset whose <see cref="VisemQcDataset.Records"/> are split.</param>
    /// <param name="folds">The number of folds k, from 2 up to the number of records: every video is in the test set of exactly one fold. 10 as in the published evaluation (Haugen et al. 2023).</param>
    /// <param name="seed">The seed of the shuffle; negative seeds are used as their unsigned 32-bit pattern.</param>
    /// <param name="stratifyByProgressive">Whether each fold gets a like share of low, middle and high a + b: videos sorted by a + b are cut into groups of <paramref name="folds"/>, each dealt to the folds in a seeded order. <see langword="false"/>: a plain seeded shuffle dealt round-robin.</param>
    /// <returns>The k folds, by index. Fold sizes differ by at most one.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dataset"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The dataset has fewer than 2 records.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is less than 2 or exceeds the number of records.</exception>
    public static IReadOnlyList<DatasetFold> KFold(VisemQcDataset dataset, int folds = 10, int seed = 0, bool stratifyByProgressive = false)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return KFold(dataset.Records, folds, seed, stratifyByProgressive);
    }

    /// <summary>Holds out a share of the records' videos as a test set.</summary>
    /// <param name="records">The records to split, with unique video IDs, in any order.</param>
    /// <param name="testFraction">The share of videos held out, greater than 0 and less than 1: the test set has ⌈n × fraction⌉ videos (within 1e-9 of a whole number counts as it), at least 1 and at most n − 1. 0.2 holds out 13 of 65 videos.</param>
    /// <param name="seed">The seed of the draw; negative seeds are used as their unsigned 32-bit pattern.</param>
    /// <param name="stratifyByProgressive">Whether the test set spans the range of a + b: videos sorted by a + b are cut into as many near-equal strata as there are test videos, and one is drawn from each. <see langword="false"/>: a plain seeded shuffle.</param>
    /// <returns>The split.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="records"/> holds a null element, a video ID twice, or fewer than 2 records.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not greater than 0 and less than 1.</exception>
    public static TrainTestSplit TrainTest(IEnumerable<MotilityRecord> records, double testFraction = 0.2, int seed = 0, bool stratifyByProgressive = false)
    {
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, string.Create(CultureInfo.InvariantCulture, $"{nameof(testFraction)} is greater than 0 and less than 1 (0.2 holds out 20 % of the videos); got {testFraction}."));
        }

        var sorted = SplitAlgorithm.SortById(records, nameof(records));
        if (sorted.Length < 2)
        {
            VisemQcThrow.TooFewRecords(nameof(records), 2, sorted.Length, "A train/test split");
        }

        var testCount = SplitAlgorithm.TestCount(sorted.Length, testFraction);
        var isTest = SplitAlgorithm.DrawTestSet(sorted, testCount, seed, stratifyByProgressive);
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
    /// <param name="testFraction">The share of videos held out, greater than 0 and less than 1: the test set has ⌈n × fraction⌉ videos (within 1e-9 of a whole number counts as it), at least 1 and at most n − 1. 0.2 holds out 13 of 65 videos.</param>
    /// <param name="seed">The seed of the draw; negative seeds are used as their unsigned 32-bit pattern.</param>
    /// <param name="stratifyByProgressive">Whether the test set spans the range of a + b: videos sorted by a + b are cut into as many near-equal strata as there are test videos, and one is drawn from each. <see langword="false"/>: a plain seeded shuffle.</param>
    /// <returns>The split.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dataset"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The dataset has fewer than 2 records.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not greater than 0 and less than 1.</exception>
    public static TrainTestSplit TrainTest(VisemQcDataset dataset, double testFraction = 0.2, int seed = 0, bool stratifyByProgressive = false)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return TrainTest(dataset.Records, testFraction, seed, stratifyByProgressive);
    }

    internal static void CheckFoldCount(int folds)
    {
        if (folds < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), folds, string.Create(CultureInfo.InvariantCulture, $"{nameof(folds)} is 2 or more (10 in the published protocol); got {folds}."));
        }
    }
}
