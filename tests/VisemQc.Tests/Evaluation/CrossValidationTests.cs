namespace VisemQc.Tests.Evaluation;

public sealed class CrossValidationTests
{
    private const double Tolerance = 1e-12;

    private static Task<IReadOnlyList<MotilityPrediction>> Perfect(IReadOnlyList<MotilityRecord> records, IReadOnlyList<string> testIds)
    {
        var byId = records.ToDictionary(r => r.VideoId, StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<MotilityPrediction>>(testIds.Select(id => MotilityPrediction.FromRecord(byId[id])).ToArray());
    }

    [Fact]
    public async Task RunAsync_GivesTrainRecordsAndTestIdsOfEachFold_InIdOrder()
    {
        var records = EvaluationData.Records(23);
        var expected = DatasetSplits.KFold(records, folds: 5, seed: 8);
        var calls = new List<(string[] Train, string[] Test)>();

        var result = await CrossValidation.RunAsync(EvaluationData.Shuffled(records, 4), (train, testIds, _) =>
        {
            calls.Add((train.Select(r => r.VideoId).ToArray(), testIds.ToArray()));
            Assert.All(train, r => Assert.Same(records[int.Parse(r.VideoId, System.Globalization.CultureInfo.InvariantCulture) - 1], r));
            return Perfect(records, testIds);
        }, folds: 5, seed: 8);

        Assert.Equal(expected.Select(f => f.TrainIds.ToArray()), calls.Select(c => c.Train));
        Assert.Equal(expected.Select(f => f.TestIds.ToArray()), calls.Select(c => c.Test));
        Assert.Equal(expected.Select(f => f.TestIds), result.Folds.Select(f => f.Fold.TestIds));
        Assert.StartsWith("5-fold cross-validation of 23 videos (seed 8, not stratified)", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PerfectModel_ZeroErrorsAndPooledROne()
    {
        var records = EvaluationData.Records(30);

        var result = await CrossValidation.RunAsync(records, (_, testIds, _) => Perfect(records, testIds));

        Assert.Equal(10, result.Folds.Count);
        Assert.Equal(0, result.Pooled.FourCategoryMae);
        Assert.Equal(0, result.MeanOverFolds.ThreeCategoryRmse);
        Assert.Equal(1.0, result.Pooled.Immotile.PearsonR, Tolerance);
        Assert.Equal(30, result.Pooled.Count);
        Assert.Equal(30, result.MeanOverFolds.Count);
    }

    [Fact]
    public async Task RunAsync_Pooled_EqualsMetricsOfAllOutOfFoldPredictions()
    {
        var records = EvaluationData.Records(37);
        var noisy = EvaluationData.NoisyPredictions(records, noise: 12).ToDictionary(p => p.VideoId, StringComparer.Ordinal);
        var result = await CrossValidation.RunAsync(records, (_, testIds, _) => Task.FromResult<IReadOnlyList<MotilityPrediction>>(testIds.Reverse().Select(id => noisy[id]).ToArray()), folds: 4, stratifyByProgressive: true, scale: MotilityScale.Fraction);

        var direct = MotilityMetrics.Compute(records, noisy.Values, MotilityScale.Fraction);
        Assert.Equal(direct.ToString(), result.Pooled.ToString());
        Assert.Equal(direct.FourCategoryMae, result.Pooled.FourCategoryMae, Tolerance);
        Assert.Equal(records.Select(r => r.VideoId), result.Predictions.Select(p => p.VideoId));
        Assert.All(result.Folds, f => Assert.Equal(f.Fold.TestIds, f.Predictions.Select(p => p.VideoId)));
        Assert.All(result.Folds, f => Assert.Equal(MotilityMetrics.Compute(f.Fold.TestIds.Select(id => records[int.Parse(id, System.Globalization.CultureInfo.InvariantCulture) - 1]), f.Predictions, MotilityScale.Fraction).ToString(), f.Metrics.ToString()));
    }

    [Fact]
    public async Task RunAsync_EqualFolds_MeanOverFoldsMaeEqualsPooledMae_AndIsTheUnweightedMean()
    {
        var records = EvaluationData.Records(20);
        var noisy = EvaluationData.NoisyPredictions(records, noise: 9).ToDictionary(p => p.VideoId, StringComparer.Ordinal);

        var result = await CrossValidation.RunAsync(records, (_, ids, _) => Task.FromResult<IReadOnlyList<MotilityPrediction>>(ids.Select(id => noisy[id]).ToArray()), folds: 5);

        Assert.Equal(result.Pooled.FourCategoryMae, result.MeanOverFolds.FourCategoryMae, 1e-9);
        Assert.Equal(result.Pooled.Immotile.Mae, result.MeanOverFolds.Immotile.Mae, 1e-9);
        Assert.Equal(result.Folds.Average(f => f.Metrics.ThreeCategoryRmse), result.MeanOverFolds.ThreeCategoryRmse, Tolerance);
        Assert.Equal(result.Folds.Average(f => f.Metrics.Progressive.PearsonR), result.MeanOverFolds.Progressive.PearsonR, Tolerance);
    }

    [Fact]
    public async Task RunAsync_MissingPrediction_ThrowsNamingFoldAndId()
    {
        var records = EvaluationData.Records(10);
        var folds = DatasetSplits.KFold(records, folds: 5);
        var dropped = folds[2].TestIds[1];

        var error = await Assert.ThrowsAsync<VisemQcPredictionException>(() => CrossValidation.RunAsync(
            records,
            (_, ids, _) => Perfect(records, ids.Where(id => id != dropped).ToArray()),
            folds: 5));

        Assert.Equal(2, error.FoldIndex);
        Assert.Equal([dropped], error.MissingVideoIds);
        Assert.Empty(error.UnexpectedVideoIds);
        Assert.Empty(error.DuplicateVideoIds);
        Assert.StartsWith("Fold 3 of 5: the train-and-predict function must return exactly one prediction per test video ID (2); it returned 1", error.Message, StringComparison.Ordinal);
        Assert.Contains($"no prediction for 1 video(s): '{dropped}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PredictionForATrainingVideo_ThrowsAsOutsideTheTestSet()
    {
        var records = EvaluationData.Records(10);

        var error = await Assert.ThrowsAsync<VisemQcPredictionException>(() => CrossValidation.RunAsync(
            records,
            (train, ids, _) => Perfect(records, ids.Append(train[0].VideoId).ToArray()),
            folds: 2));

        Assert.Equal(0, error.FoldIndex);
        Assert.Single(error.UnexpectedVideoIds);
        Assert.Empty(error.MissingVideoIds);
        Assert.Contains("outside the fold's test set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DuplicateAndUnknownPredictions_ThrowListingBoth()
    {
        var records = EvaluationData.Records(10);

        var error = await Assert.ThrowsAsync<VisemQcPredictionException>(() => CrossValidation.RunAsync(
            records,
            (_, ids, _) => Perfect(records, [.. ids, ids[0]]).ContinueWith(t => (IReadOnlyList<MotilityPrediction>)[.. t.Result, new MotilityPrediction("9999", 1, 1, 1, 1)], TaskScheduler.Default),
            folds: 2));

        Assert.Equal(0, error.FoldIndex);
        Assert.Single(error.DuplicateVideoIds);
        Assert.Equal(["9999"], error.UnexpectedVideoIds);
        Assert.Empty(error.MissingVideoIds);
    }

    [Fact]
    public async Task RunAsync_FunctionReturnsNull_ThrowsInvalidOperation()
    {
        var records = EvaluationData.Records(4);
        var nullList = await Assert.ThrowsAsync<InvalidOperationException>(() => CrossValidation.RunAsync(records, (_, _, _) => Task.FromResult<IReadOnlyList<MotilityPrediction>>(null!), folds: 2));
        var nullTask = await Assert.ThrowsAsync<InvalidOperationException>(() => CrossValidation.RunAsync(records, (_, _, _) => null!, folds: 2));
        var nullItem = await Assert.ThrowsAsync<InvalidOperationException>(() => CrossValidation.RunAsync(records, (_, _, _) => Task.FromResult<IReadOnlyList<MotilityPrediction>>([null!]), folds: 2));

        Assert.StartsWith("Fold 1 of 2: the train-and-predict function returned null", nullList.Message, StringComparison.Ordinal);
        Assert.StartsWith("Fold 1 of 2: the train-and-predict function returned null", nullTask.Message, StringComparison.Ordinal);
        Assert.Contains("null prediction at index 0", nullItem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FunctionThrows_ExceptionPropagatesUnchanged()
    {
        var records = EvaluationData.Records(4);
        var thrown = new FormatException("model failed");

        var error = await Assert.ThrowsAsync<FormatException>(() => CrossValidation.RunAsync(records, (_, _, _) => throw thrown, folds: 2));

        Assert.Same(thrown, error);
    }

    [Fact]
    public async Task RunAsync_CancelledDuringAFold_StopsBeforeTheNextFold()
    {
        var records = EvaluationData.Records(10);
        using var cancellation = new CancellationTokenSource();
        var calls = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CrossValidation.RunAsync(
            records,
            (_, ids, token) =>
            {
                Assert.Equal(cancellation.Token, token);
                if (++calls == 2)
                {
                    cancellation.Cancel();
                }

                return Perfect(records, ids);
            },
            folds: 5,
            cancellationToken: cancellation.Token));

        Assert.Equal(2, calls);
    }

    [Fact]
    public void ZeroR_PredictsEachFoldsTrainingMeans()
    {
        var records = EvaluationData.Records(23);
        var byId = records.ToDictionary(r => r.VideoId, StringComparer.Ordinal);

        var result = CrossValidation.ZeroR(records, folds: 4, seed: 3);

        Assert.All(result.Folds, fold =>
        {
            var train = fold.Fold.TrainIds.Select(id => byId[id]).ToArray();
            Assert.All(fold.Predictions, p =>
            {
                Assert.Equal(train.Average(r => r.RapidProgressive), p.RapidProgressive, 1e-9);
                Assert.Equal(train.Average(r => r.SlowProgressive), p.SlowProgressive, 1e-9);
                Assert.Equal(train.Average(r => r.NonProgressive), p.NonProgressive, 1e-9);
                Assert.Equal(train.Average(r => r.Immotile), p.Immotile, 1e-9);
            });
            Assert.True(double.IsNaN(fold.Metrics.Immotile.PearsonR)); // constant within a fold
        });
    }

    [Fact]
    public async Task ZeroR_SameAsRunAsyncWithZeroRBaseline()
    {
        var records = EvaluationData.Records(65);
        var zeroR = CrossValidation.ZeroR(records, scale: MotilityScale.Fraction);
        var viaRunner = await CrossValidation.RunAsync(records, ZeroRBaseline.PredictAsync, scale: MotilityScale.Fraction);

        Assert.Equal(viaRunner.ToString(), zeroR.ToString());
        Assert.Equal(viaRunner.Pooled.FourCategoryMae, zeroR.Pooled.FourCategoryMae);
    }

    [Fact]
    public void ZeroR_LeaveOneOut_PooledRIsMinusOne()
    {
        // Each prediction is (sum - y) / (n - 1): a decreasing line in the truth.
        var records = EvaluationData.Records(8);

        var result = CrossValidation.ZeroR(records, folds: 8);

        Assert.Equal(-1.0, result.Pooled.RapidProgressive.PearsonR, 1e-9);
        Assert.Equal(-1.0, result.Pooled.Progressive.PearsonR, 1e-9);
        Assert.True(double.IsNaN(result.MeanOverFolds.Immotile.PearsonR));
    }

    [Fact]
    public void ToString_OneRowPerFold_ThenMeanAndPooled_NamingTheScale()
    {
        var result = CrossValidation.ZeroR(EvaluationData.Records(12), folds: 3, seed: 5, stratifyByProgressive: true, scale: MotilityScale.Fraction);

        var lines = result.ToString().Split('\n');

        Assert.Equal("3-fold cross-validation of 12 videos (seed 5, stratified by a+b); MAE and RMSE on the 0-1 scale (fractions)", lines[0]);
        Assert.Equal("                   n  MAE 3-cat  MAE 4-cat   r a+b     r d     r a  RMSE 3-cat  RMSE 4-cat", lines[1]);
        Assert.Equal(["fold 1 ", "fold 2 ", "fold 3 ", "mean ov", "pooled "], lines.Skip(2).Select(l => l[..7]));
        Assert.All(lines.Skip(1), l => Assert.Equal(lines[1].Length, l.Length));
        Assert.Contains($"{result.Pooled.ThreeCategoryMae:0.0000}", lines[^1], StringComparison.Ordinal);
        Assert.Contains("n/a", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroRBaseline_Predict_TrainMeansForEveryTestId()
    {
        MotilityRecord[] train = [new("1", 10, 20, 30, 40), new("2", 30, 20, 10, 40), new("3", 20, 50, 0, 30)];

        var predictions = ZeroRBaseline.Predict(train, ["7", "5"]);

        Assert.Equal([new MotilityPrediction("7", 20, 30, 40.0 / 3, 110.0 / 3), new MotilityPrediction("5", 20, 30, 40.0 / 3, 110.0 / 3)], predictions);
        Assert.Throws<ArgumentException>(() => ZeroRBaseline.Predict([], ["1"]));
    }

    [Fact]
    public void ZeroR_BadScaleOrFolds_ThrowsWithValue()
    {
        var scale = Assert.Throws<ArgumentOutOfRangeException>(() => CrossValidation.ZeroR(EvaluationData.Records(20), scale: (MotilityScale)3));
        var folds = Assert.Throws<ArgumentOutOfRangeException>(() => CrossValidation.ZeroR(EvaluationData.Records(20), folds: 1));

        Assert.Equal("scale", scale.ParamName);
        Assert.Equal(1, folds.ActualValue);
    }
}
