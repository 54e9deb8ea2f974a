using System.Globalization;

namespace VisemQc.Tests.Evaluation;

public sealed class DatasetSplitsTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void KFold_DefaultOptions_EveryVideoInExactlyOneTestFold(bool stratify)
    {
        var records = EvaluationData.Records(65);
        var allIds = records.Select(r => r.VideoId).ToHashSet(StringComparer.Ordinal);

        var folds = DatasetSplits.KFold(records, stratifyByProgressive: stratify);

        Assert.Equal(10, folds.Count);
        Assert.Equal(Enumerable.Range(0, 10), folds.Select(f => f.Index));
        Assert.All(folds, f => Assert.Equal(10, f.FoldCount));
        var tested = folds.SelectMany(f => f.TestIds).ToList();
        Assert.Equal(65, tested.Count);
        Assert.True(allIds.SetEquals(tested));
        Assert.All(folds, f => Assert.InRange(f.TestIds.Count, 6, 7));
        Assert.All(folds, f =>
        {
            Assert.Empty(f.TrainIds.Intersect(f.TestIds));
            Assert.True(allIds.SetEquals(f.TrainIds.Concat(f.TestIds)));
            Assert.Equal(f.TestIds.OrderBy(id => int.Parse(id, CultureInfo.InvariantCulture)), f.TestIds);
            Assert.Equal(f.TrainIds.OrderBy(id => int.Parse(id, CultureInfo.InvariantCulture)), f.TrainIds);
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void KFold_SameSeedShuffledInput_SameFolds(bool stratify)
    {
        var records = EvaluationData.Records(65);
        var first = DatasetSplits.KFold(records, seed: 2023, stratifyByProgressive: stratify);
        var again = DatasetSplits.KFold(EvaluationData.Shuffled(records, 7), seed: 2023, stratifyByProgressive: stratify);
        var reversed = DatasetSplits.KFold(records.Reverse(), seed: 2023, stratifyByProgressive: stratify);

        Assert.Equal(first.Select(f => f.TestIds), again.Select(f => f.TestIds));
        Assert.Equal(first.Select(f => f.TestIds), reversed.Select(f => f.TestIds));
        Assert.Equal(first.Select(f => f.TrainIds), again.Select(f => f.TrainIds));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void KFold_DifferentSeeds_DifferentFolds(bool stratify)
    {
        var records = EvaluationData.Records(65);

        var assignments = Enumerable.Range(0, 5)
            .Select(seed => string.Join("|", DatasetSplits.KFold(records, seed: seed, stratifyByProgressive: stratify).Select(f => string.Join(",", f.TestIds))))
            .ToList();

        Assert.Equal(5, assignments.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void KFold_StratifiedOnSkewedSet_FoldMeansOfProgressiveCloserToOverallMean()
    {
        // Skewed: most videos have little progressive motility, a few a lot (a+b = a = i^2 / 40 for i = 1..60).
        var records = Enumerable.Range(1, 60)
            .Select(i => new MotilityRecord(i.ToString(CultureInfo.InvariantCulture), i * i / 40.0, 0, 0, 100 - (i * i / 40.0)))
            .ToArray();
        var overall = records.Average(r => r.Progressive);

        double WorstDeviation(bool stratify, int seed) => DatasetSplits
            .KFold(records, folds: 6, seed: seed, stratifyByProgressive: stratify)
            .Max(f => Math.Abs(f.TestIds.Average(id => records[int.Parse(id, CultureInfo.InvariantCulture) - 1].Progressive) - overall));

        var stratified = Enumerable.Range(0, 20).Select(seed => WorstDeviation(true, seed)).ToArray();
        var plain = Enumerable.Range(0, 20).Select(seed => WorstDeviation(false, seed)).ToArray();

        // Each fold takes one video from each of the 10 groups of 6 consecutive a+b values, so its mean is within
        // the sum of the groups' spreads divided by 10, at most (max - min) / 10 = (3600 - 1) / 40 / 10 from the overall mean.
        Assert.All(stratified, d => Assert.True(d <= 3599 / 400.0, $"stratified fold mean {d:0.00} from the overall mean"));
        Assert.True(stratified.Average() * 3 < plain.Average(), $"stratified {stratified.Average():0.00}, plain {plain.Average():0.00}");
    }

    [Fact]
    public void KFold_FixedSeed_MatchesGoldenAssignment()
    {
        // Pinned: a change here changes every user's folds. Update only on purpose, and say so in the release notes.
        var records = GoldenRecords();

        var plain = DatasetSplits.KFold(records, folds: 4, seed: 42);
        var stratified = DatasetSplits.KFold(records, folds: 4, seed: 42, stratifyByProgressive: true);

        Assert.Equal(GoldenPlain, plain.Select(f => string.Join(",", f.TestIds)));
        // By a+b the groups of 4 are {11, 3, 7, 6}, {10, 9, 2, 1}, {12, 5, 4, 8}: each fold holds one of each.
        Assert.Equal(GoldenStratified, stratified.Select(f => string.Join(",", f.TestIds)));
    }

    [Theory]
    [InlineData(65, 10, 0, false)]
    [InlineData(65, 10, 0, true)]
    [InlineData(65, 10, -1, true)]
    [InlineData(23, 5, 99, false)]
    [InlineData(23, 5, 99, true)]
    [InlineData(7, 7, 3, false)]
    [InlineData(7, 7, 3, true)]
    [InlineData(85, 3, 2019, true)]
    public void KFold_AnySize_MatchesTheDocumentedAlgorithm(int count, int k, int seed, bool stratify)
    {
        var records = EvaluationData.Records(count, seed: (ulong)count);
        Assert.Equal(0xE220A8397B1DCDAFUL, new Reference.SplitMix64(0).Next());

        var folds = DatasetSplits.KFold(EvaluationData.Shuffled(records, 5), folds: k, seed: seed, stratifyByProgressive: stratify);

        Assert.Equal(Reference.KFold(records, k, seed, stratify), folds.Select(f => f.TestIds.ToList()));
    }

    [Fact]
    public void KFold_FoldCountEqualsVideoCount_LeaveOneOut()
    {
        var records = EvaluationData.Records(5);

        var folds = DatasetSplits.KFold(records, folds: 5);

        Assert.All(folds, f => Assert.Single(f.TestIds));
        Assert.All(folds, f => Assert.Equal(4, f.TrainIds.Count));
    }

    [Fact]
    public void KFold_NonNumericIds_SortedNumericFirstThenOrdinal()
    {
        string[] ids = ["b", "10", "a", "9", "B"];
        var records = ids.Select(id => new MotilityRecord(id, 10, 10, 10, 70));

        var folds = DatasetSplits.KFold(records, folds: 2);

        Assert.Equal(["9", "10", "B", "a", "b"], folds.SelectMany(f => f.TestIds).Order(Comparer<string>.Create(Reference.CompareIds)));
        Assert.All(folds, f => Assert.Equal(f.TestIds.Order(Comparer<string>.Create(Reference.CompareIds)), f.TestIds));
    }

    [Fact]
    public void KFold_FoldCountAboveVideoCount_ThrowsWithBothCounts()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => DatasetSplits.KFold(EvaluationData.Records(5)));

        Assert.Equal(10, error.ActualValue);
        Assert.Contains("folds is 10, but only 5 videos were given", error.Message, StringComparison.Ordinal);
        Assert.Contains("from 2 to 5", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-3)]
    public void KFold_FoldCountBelowTwo_ThrowsWithValue(int foldCount)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => DatasetSplits.KFold(EvaluationData.Records(5), folds: foldCount));

        Assert.Equal("folds", error.ParamName);
        Assert.Equal(foldCount, error.ActualValue);
    }

    [Fact]
    public void KFold_DuplicateId_ThrowsNamingIt()
    {
        var records = EvaluationData.Records(5).Append(new MotilityRecord("3", 1, 2, 3, 94));

        var error = Assert.Throws<ArgumentException>(() => DatasetSplits.KFold(records, folds: 2));

        Assert.Equal("records", error.ParamName);
        Assert.Contains("'3' occurs more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KFold_NullOrTooFewRecords_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => DatasetSplits.KFold((IEnumerable<MotilityRecord>)null!));
        Assert.Throws<ArgumentException>(() => DatasetSplits.KFold(new MotilityRecord[] { EvaluationData.Records(1)[0], null! }, folds: 2));
        var error = Assert.Throws<ArgumentException>(() => DatasetSplits.KFold(EvaluationData.Records(1), folds: 2));
        Assert.Contains("at least 2 record(s); got 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KFold_Dataset_SameAsItsRecords()
    {
        await using var dataset = await VisemQcDataset.OpenSampleAsync();
        Assert.Equal(
            DatasetSplits.KFold(dataset.Records, folds: 5, seed: 4).Select(f => f.TestIds),
            DatasetSplits.KFold(dataset, folds: 5, seed: 4).Select(f => f.TestIds));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TrainTest_DefaultFraction_HoldsOutThirteenOfSixtyFive(bool stratify)
    {
        var records = EvaluationData.Records(65);

        var split = DatasetSplits.TrainTest(records, stratifyByProgressive: stratify);

        Assert.Equal(13, split.TestIds.Count);
        Assert.Equal(52, split.TrainIds.Count);
        Assert.Empty(split.TrainIds.Intersect(split.TestIds));
        Assert.Equal(records.Select(r => r.VideoId).Order(StringComparer.Ordinal), split.TrainIds.Concat(split.TestIds).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TrainTest_SameSeedShuffledInput_SameSplit_OtherSeed_OtherSplit(bool stratify)
    {
        var records = EvaluationData.Records(65);
        var first = DatasetSplits.TrainTest(records, seed: 11, stratifyByProgressive: stratify);
        var again = DatasetSplits.TrainTest(EvaluationData.Shuffled(records, 3), seed: 11, stratifyByProgressive: stratify);
        var other = DatasetSplits.TrainTest(records, seed: 12, stratifyByProgressive: stratify);

        Assert.Equal(first.TestIds, again.TestIds);
        Assert.Equal(first.TrainIds, again.TrainIds);
        Assert.NotEqual(first.TestIds, other.TestIds);
    }

    [Fact]
    public void TrainTest_Stratified_OneTestVideoPerStratumOfProgressive()
    {
        var records = EvaluationData.Records(65);
        var byProgressive = records.OrderBy(r => r.Progressive).Select(r => r.VideoId).ToArray();

        var split = DatasetSplits.TrainTest(records, testFraction: 0.2, seed: 5, stratifyByProgressive: true);

        // 13 strata of 5 consecutive a+b values: exactly one test video in each.
        for (var s = 0; s < 13; s++)
        {
            Assert.Single(byProgressive.Skip(s * 5).Take(5).Intersect(split.TestIds));
        }
    }

    [Fact]
    public void TrainTest_FixedSeed_MatchesGoldenSplit()
    {
        // Pinned: a change here changes every user's split.
        var records = GoldenRecords();

        Assert.Equal(GoldenTrainTest, string.Join(",", DatasetSplits.TrainTest(records, testFraction: 0.25, seed: 42).TestIds));
        Assert.Equal(GoldenTrainTestStratified, string.Join(",", DatasetSplits.TrainTest(records, testFraction: 0.25, seed: 42, stratifyByProgressive: true).TestIds));
    }

    [Theory]
    [InlineData(65, 0.2, 13)]
    [InlineData(65, 0.1, 7)]
    [InlineData(25, 0.28, 7)] // 25 x 0.28 is 7.000000000000001 in doubles: still 7
    [InlineData(50, 0.56, 28)] // 50 x 0.56 is 28.000000000000004 in doubles: still 28
    [InlineData(5, 0.01, 1)]
    [InlineData(5, 0.99, 4)]
    [InlineData(2, 0.5, 1)]
    public void TrainTest_TestCount_RoundedUpWithinOneAndNMinusOne(int count, double fraction, int expected)
    {
        var split = DatasetSplits.TrainTest(EvaluationData.Records(count), testFraction: fraction);

        Assert.Equal(expected, split.TestIds.Count);
        Assert.Equal(count - expected, split.TrainIds.Count);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.2)]
    [InlineData(double.NaN)]
    public void TrainTest_FractionOutsideZeroToOne_ThrowsWithValue(double fraction)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => DatasetSplits.TrainTest(EvaluationData.Records(5), testFraction: fraction));

        Assert.Equal("testFraction", error.ParamName);
        Assert.Equal(fraction, error.ActualValue);
    }

    /// <summary>IDs 1..12 with a = 37 i mod 50, b = 11 i mod 30, c = 10: a+b from 8 to 74, in no simple order.</summary>
    private static MotilityRecord[] GoldenRecords() => Enumerable.Range(1, 12)
        .Select(i => new MotilityRecord(i.ToString(CultureInfo.InvariantCulture), 37 * i % 50, 11 * i % 30, 10, 90 - (37 * i % 50) - (11 * i % 30)))
        .ToArray();

    private static readonly string[] GoldenPlain = ["1,4,10", "7,9,12", "5,6,8", "2,3,11"];
    private static readonly string[] GoldenStratified = ["1,3,12", "2,6,8", "4,10,11", "5,7,9"];
    private const string GoldenTrainTest = "7,8,10";
    private const string GoldenTrainTestStratified = "1,3,4";
}
