namespace VisemQc.Tests.Evaluation;

public sealed class MotilityMetricsTests
{
    private const double Tolerance = 1e-12;

    private static readonly MotilityRecord[] TwoRecords =
    [
        new("1", 10, 20, 30, 40),
        new("2", 50, 10, 10, 30),
    ];

    // Errors (predicted - true): video 1: a +2, b -2, c 0, d +4, a+b 0; video 2: a -5, b 0, c +6, d -1, a+b -5.
    private static readonly MotilityPrediction[] TwoPredictions =
    [
        new("1", 12, 18, 30, 44),
        new("2", 45, 10, 16, 29),
    ];

    [Fact]
    public void Compute_TwoVideos_MatchesHandComputedValues()
    {
        var metrics = MotilityMetrics.Compute(TwoRecords, TwoPredictions);

        Assert.Equal(2, metrics.Count);
        Assert.Equal(MotilityScale.Percent, metrics.Scale);
        Assert.Equal(3.5, metrics.RapidProgressive.Mae, Tolerance);
        Assert.Equal(1.0, metrics.SlowProgressive.Mae, Tolerance);
        Assert.Equal(3.0, metrics.NonProgressive.Mae, Tolerance);
        Assert.Equal(2.5, metrics.Immotile.Mae, Tolerance);
        Assert.Equal(2.5, metrics.Progressive.Mae, Tolerance);
        Assert.Equal(Math.Sqrt(14.5), metrics.RapidProgressive.Rmse, Tolerance);
        Assert.Equal(Math.Sqrt(2), metrics.SlowProgressive.Rmse, Tolerance);
        Assert.Equal(Math.Sqrt(18), metrics.NonProgressive.Rmse, Tolerance);
        Assert.Equal(Math.Sqrt(8.5), metrics.Immotile.Rmse, Tolerance);
        Assert.Equal(Math.Sqrt(12.5), metrics.Progressive.Rmse, Tolerance);
        // 4-category: mean of 3.5, 1, 3, 2.5 = (2 + 2 + 0 + 4 + 5 + 0 + 6 + 1) / 8; RMSE over the 8 errors.
        Assert.Equal(2.5, metrics.FourCategoryMae, Tolerance);
        Assert.Equal(Math.Sqrt(86.0 / 8), metrics.FourCategoryRmse, Tolerance);
        // 3-category: mean of 2.5, 3, 2.5 = (0 + 0 + 4 + 5 + 6 + 1) / 6; RMSE over those 6 errors.
        Assert.Equal(8.0 / 3, metrics.ThreeCategoryMae, Tolerance);
        Assert.Equal(Math.Sqrt(78.0 / 6), metrics.ThreeCategoryRmse, Tolerance);
        // Two points that both vary are always perfectly correlated.
        Assert.Equal(1.0, metrics.RapidProgressive.PearsonR, Tolerance);
        Assert.Equal(1.0, metrics.Progressive.PearsonR, Tolerance);
    }

    [Fact]
    public void GradeMetrics_ThreeValues_MatchesHandComputedValues()
    {
        // Errors 0, +10, -10; centred true -10, 0, 10 and predicted -10, 10, 0: r = 100 / sqrt(200 * 200) = 0.5.
        var grade = GradeMetrics.Compute([10, 20, 30], [10, 30, 20]);

        Assert.Equal(20.0 / 3, grade.Mae, Tolerance);
        Assert.Equal(Math.Sqrt(200.0 / 3), grade.Rmse, Tolerance);
        Assert.Equal(0.5, grade.PearsonR, Tolerance);
    }

    [Fact]
    public void Compute_OverallMae_IsTheMeanAbsoluteErrorOverAllGradeValues()
    {
        var records = EvaluationData.Records(40);
        var predictions = EvaluationData.NoisyPredictions(records, noise: 8);

        var metrics = MotilityMetrics.Compute(records, predictions);

        var byId = predictions.ToDictionary(p => p.VideoId, StringComparer.Ordinal);
        var four = records.SelectMany(r => new[]
        {
            byId[r.VideoId].RapidProgressive - r.RapidProgressive,
            byId[r.VideoId].SlowProgressive - r.SlowProgressive,
            byId[r.VideoId].NonProgressive - r.NonProgressive,
            byId[r.VideoId].Immotile - r.Immotile,
        }).ToArray();
        var three = records.SelectMany(r => new[]
        {
            byId[r.VideoId].Progressive - r.Progressive,
            byId[r.VideoId].NonProgressive - r.NonProgressive,
            byId[r.VideoId].Immotile - r.Immotile,
        }).ToArray();
        Assert.Equal(four.Average(Math.Abs), metrics.FourCategoryMae, 1e-9);
        Assert.Equal(Math.Sqrt(four.Average(e => e * e)), metrics.FourCategoryRmse, 1e-9);
        Assert.Equal(three.Average(Math.Abs), metrics.ThreeCategoryMae, 1e-9);
        Assert.Equal(Math.Sqrt(three.Average(e => e * e)), metrics.ThreeCategoryRmse, 1e-9);
    }

    [Fact]
    public void Compute_FractionScale_ErrorsAreOneHundredthAndRUnchanged()
    {
        var records = EvaluationData.Records(30);
        var predictions = EvaluationData.NoisyPredictions(records, noise: 10);

        var percent = MotilityMetrics.Compute(records, predictions);
        var fraction = MotilityMetrics.Compute(records, predictions, MotilityScale.Fraction);

        Assert.Equal(MotilityScale.Fraction, fraction.Scale);
        foreach (var (p, f) in Grades(percent).Zip(Grades(fraction)))
        {
            Assert.Equal(p.Mae / 100, f.Mae, Tolerance);
            Assert.Equal(p.Rmse / 100, f.Rmse, Tolerance);
            Assert.Equal(p.PearsonR, f.PearsonR);
        }

        Assert.Equal(percent.FourCategoryMae / 100, fraction.FourCategoryMae, Tolerance);
        Assert.Equal(percent.ThreeCategoryMae / 100, fraction.ThreeCategoryMae, Tolerance);
        Assert.Equal(percent.FourCategoryRmse / 100, fraction.FourCategoryRmse, Tolerance);
        Assert.Equal(percent.ThreeCategoryRmse / 100, fraction.ThreeCategoryRmse, Tolerance);
        Assert.Equal(fraction.FourCategoryMae, percent.ToScale(MotilityScale.Fraction).FourCategoryMae, Tolerance);
        Assert.Equal(percent.ThreeCategoryRmse, fraction.ToScale(MotilityScale.Percent).ThreeCategoryRmse, Tolerance);
        Assert.Same(percent, percent.ToScale(MotilityScale.Percent));
    }

    [Fact]
    public void GradeMetrics_LinearRelation_RIsOneOrMinusOne()
    {
        double[] actual = [3, 14, 15, 92, 65, 35];

        var correlated = GradeMetrics.Compute(actual, actual.Select(y => (2 * y) + 1).ToArray());
        var anti = GradeMetrics.Compute(actual, actual.Select(y => 100 - (0.5 * y)).ToArray());

        Assert.Equal(1.0, correlated.PearsonR, Tolerance);
        Assert.Equal(-1.0, anti.PearsonR, Tolerance);
    }

    [Fact]
    public void GradeMetrics_ConstantOrSingleSeries_RIsNaNAndErrorsDefined()
    {
        double[] actual = [10, 20, 30, 40, 50, 60, 70];
        // 100 / 3 is not exact in binary: the computed mean of seven copies may differ from each by an ulp.
        var constant = Enumerable.Repeat(100.0 / 3, 7).ToArray();

        var constantPrediction = GradeMetrics.Compute(actual, constant);
        var constantTruth = GradeMetrics.Compute(constant, actual);
        var single = GradeMetrics.Compute([25.0], [30.0]);

        Assert.True(double.IsNaN(constantPrediction.PearsonR));
        Assert.True(double.IsNaN(constantTruth.PearsonR));
        Assert.True(double.IsNaN(single.PearsonR));
        Assert.Equal(actual.Average(y => Math.Abs(y - (100.0 / 3))), constantPrediction.Mae, Tolerance);
        Assert.Equal(5.0, single.Mae);
        Assert.Equal(5.0, single.Rmse);
        Assert.Equal("MAE 5, RMSE 5, r n/a", single.ToString());
    }

    [Fact]
    public void GradeMetrics_EmptyOrMismatchedSpans_Throws()
    {
        Assert.Throws<ArgumentException>(() => GradeMetrics.Compute([], []));
        Assert.Throws<ArgumentException>(() => GradeMetrics.Compute([1, 2], [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradeMetrics.Compute([1], [1], (MotilityScale)7));
    }

    [Fact]
    public void Compute_PerfectPredictions_ZeroErrorsAndROne()
    {
        var records = EvaluationData.Records(20);

        var metrics = MotilityMetrics.Compute(records, records.Select(MotilityPrediction.FromRecord));

        Assert.Equal(0, metrics.FourCategoryMae);
        Assert.Equal(0, metrics.ThreeCategoryRmse);
        Assert.All(Grades(metrics), g => Assert.Equal(1.0, g.PearsonR, Tolerance));
    }

    [Fact]
    public void Compute_InputOrder_DoesNotChangeAnyBit()
    {
        var records = EvaluationData.Records(50);
        var predictions = EvaluationData.NoisyPredictions(records, noise: 15);

        var first = MotilityMetrics.Compute(records, predictions);
        var shuffled = MotilityMetrics.Compute(EvaluationData.Shuffled(records, 1), EvaluationData.Shuffled(predictions, 2));

        Assert.Equal(Grades(first), Grades(shuffled));
        Assert.Equal(first.FourCategoryRmse, shuffled.FourCategoryRmse);
        Assert.Equal(first.ToString(), shuffled.ToString());
    }

    [Fact]
    public void Compute_Mismatches_ThrowOnceListingEveryId()
    {
        var records = EvaluationData.Records(10);
        var predictions = records.Skip(3).Select(MotilityPrediction.FromRecord)
            .Append(new MotilityPrediction("623", 1, 2, 3, 4))
            .Append(MotilityPrediction.FromRecord(records[5]))
            .ToArray();

        var error = Assert.Throws<VisemQcPredictionException>(() => MotilityMetrics.Compute(records, predictions));

        Assert.Null(error.FoldIndex);
        Assert.Equal(["1", "2", "3"], error.MissingVideoIds);
        Assert.Equal(["623"], error.UnexpectedVideoIds);
        Assert.Equal(["6"], error.DuplicateVideoIds);
        Assert.Contains("Expected exactly one prediction per record (10); got 9", error.Message, StringComparison.Ordinal);
        Assert.Contains("no prediction for 3 video(s): '1', '2', '3'", error.Message, StringComparison.Ordinal);
        Assert.Contains("videos without a record: '623'", error.Message, StringComparison.Ordinal);
        Assert.Contains("more than one prediction for 1 video(s): '6'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_ManyMissing_MessageNamesTheFirstFive()
    {
        var records = EvaluationData.Records(12);

        var error = Assert.Throws<VisemQcPredictionException>(() => MotilityMetrics.Compute(records, records.Take(4).Select(MotilityPrediction.FromRecord)));

        Assert.Equal(8, error.MissingVideoIds.Count);
        Assert.Contains("'5', '6', '7', '8', '9' and 3 more", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_NullsAndEmpty_Throw()
    {
        var records = EvaluationData.Records(2);

        Assert.Throws<ArgumentNullException>(() => MotilityMetrics.Compute(null!, []));
        Assert.Throws<ArgumentNullException>(() => MotilityMetrics.Compute(records, null!));
        Assert.Throws<ArgumentException>(() => MotilityMetrics.Compute(records, [MotilityPrediction.FromRecord(records[0]), null!]));
        Assert.Throws<ArgumentException>(() => MotilityMetrics.Compute([], []));
    }

    [Fact]
    public void ToString_NamesTheScaleAndMarksUndefinedR()
    {
        var percent = MotilityMetrics.Compute(TwoRecords, TwoPredictions).ToString();
        var fraction = MotilityMetrics.Compute(TwoRecords.Take(1), TwoPredictions.Take(1), MotilityScale.Fraction).ToString();

        Assert.StartsWith("2 videos, MAE and RMSE on the 0-100 scale (percentage points)\n", percent, StringComparison.Ordinal);
        Assert.Contains("a   rapid progressive    3.50       3.81       1.00\n", percent, StringComparison.Ordinal);
        Assert.EndsWith("3-category (a+b, c, d):  MAE 2.67, RMSE 3.61", percent, StringComparison.Ordinal);
        Assert.StartsWith("1 videos, MAE and RMSE on the 0-1 scale (fractions)\n", fraction, StringComparison.Ordinal);
        Assert.Contains("d   immotile           0.0400     0.0400        n/a\n", fraction, StringComparison.Ordinal);
    }

    [Fact]
    public void GradeMetricsCompute_TenThousandValues_AllocatesNothing()
    {
        var actual = new double[10_000];
        var predicted = new double[10_000];
        for (var i = 0; i < actual.Length; i++)
        {
            actual[i] = i % 101;
            predicted[i] = (i * 7) % 101;
        }

        GradeMetrics.Compute(actual, predicted); // JIT and statics out of the way
        GradeMetrics grade = default;
        long allocated = FewestBytesAllocated(() => grade = GradeMetrics.Compute(actual, predicted, MotilityScale.Fraction));

        Assert.Equal(0, allocated);
        Assert.InRange(grade.Mae, 0, 1);
    }

    [Fact]
    public void FromColumns_TenThousandPredictions_AllocatesOnlyTheResult()
    {
        var records = EvaluationData.Records(10_000);
        var sorted = VisemQc.Evaluation.SplitAlgorithm.SortById(records, "records");
        var columns = VisemQc.Evaluation.PredictionMatcher.Match(sorted, EvaluationData.NoisyPredictions(records, 5), "predictions", null, 0);

        MotilityMetrics.FromColumns(columns, MotilityScale.Percent, 1.0);
        MotilityMetrics metrics = null!;
        long allocated = FewestBytesAllocated(() => metrics = MotilityMetrics.FromColumns(columns, MotilityScale.Percent, 1.0));

        // One MotilityMetrics object: header, two ints, five 24-byte grades, four doubles (176 bytes on 64-bit).
        Assert.InRange(allocated, 1, 256);
        Assert.Equal(10_000, metrics.Count);
    }

    /// <summary>
    /// The fewest bytes that one of five calls allocated on this thread. Under the whole suite's load the
    /// runtime now and then allocates on the thread during a call (once, 8 KB while the JIT was tiering
    /// the method up); an allocation made by the code itself shows in every call.
    /// </summary>
    private static long FewestBytesAllocated(Action call)
    {
        long fewest = long.MaxValue;
        for (int i = 0; i < 5; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            call();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }

    [Fact]
    public void MotilityPrediction_AnyFiniteValue_Accepted_NaNOrInfinity_Rejected()
    {
        var prediction = new MotilityPrediction("623", -3.5, 120, 0, 1e-9);

        Assert.Equal(116.5, prediction.Progressive);
        Assert.Equal("623: a -3.5%, b 120%, c 0%, d 0% (a+b 116.5%)", prediction.ToString());
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MotilityPrediction("623", double.NaN, 0, 0, 0));
        Assert.Equal(nameof(MotilityPrediction.RapidProgressive), error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MotilityPrediction("623", 0, 0, 0, double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => new MotilityPrediction(" 623", 0, 0, 0, 0));
        Assert.Throws<ArgumentException>(() => new MotilityPrediction("", 0, 0, 0, 0));
    }

    [Fact]
    public void MotilityPrediction_FromFractionsAndFromRecord_ArePercent()
    {
        var record = new MotilityRecord("58", 41.5, 18.3, 12.7, 27.5);

        Assert.Equal(new MotilityPrediction("58", 41.5, 18.3, 12.7, 27.5), MotilityPrediction.FromRecord(record));
        var fromFractions = MotilityPrediction.FromFractions("58", 0.25, 0.5, 0.125, 0.125);
        Assert.Equal(new MotilityPrediction("58", 25, 50, 12.5, 12.5), fromFractions);
    }

    private static GradeMetrics[] Grades(MotilityMetrics m) => [m.RapidProgressive, m.SlowProgressive, m.NonProgressive, m.Immotile, m.Progressive];
}
