namespace VisemQc;

/// <summary>
/// The ZeroR baseline of the published evaluations: predict, for every test video, the mean of each grade
/// over the training videos. A model that does not beat it has learnt nothing from the videos.
/// </summary>
/// <remarks>
/// Because the training mean leaves out the test videos, ZeroR's out-of-fold predictions move against
/// the truth: pooled over folds its Pearson r is negative (exactly -1 with leave-one-out), and within a fold
/// it is undefined (constant predictions). Compare models with ZeroR by MAE, not by r.
/// </remarks>
public static class ZeroRBaseline
{
    /// <summary>Predicts the training records' mean of each grade for every test video.</summary>
    /// <param name="train">The training records (at least one).</param>
    /// <param name="testIds">The videos to predict.</param>
    /// <returns>One prediction per test ID, in the order given, all with the same grades.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="train"/> is empty or holds a null element.</exception>
    public static IReadOnlyList<MotilityPrediction> Predict(IReadOnlyList<MotilityRecord> train, IReadOnlyList<string> testIds)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(testIds);
        if (train.Count == 0)
        {
            VisemQcThrow.TooFewRecords(nameof(train), 1, 0, "ZeroR");
        }

        double a = 0, b = 0, c = 0, d = 0;
        for (var i = 0; i < train.Count; i++)
        {
            var record = train[i];
            if (record is null)
            {
                VisemQcThrow.NullElement(nameof(train), i, nameof(MotilityRecord));
            }

            a += record.RapidProgressive;
            b += record.SlowProgressive;
            c += record.NonProgressive;
            d += record.Immotile;
        }

        var n = train.Count;
        var predictions = new MotilityPrediction[testIds.Count];
        for (var i = 0; i < predictions.Length; i++)
        {
            predictions[i] = new MotilityPrediction(testIds[i], a / n, b / n, c / n, d / n);
        }

        return predictions.AsReadOnly();
    }

    /// <summary>
    /// <see cref="Predict(IReadOnlyList{MotilityRecord}, IReadOnlyList{string})"/> with the shape of a
    /// train-and-predict function, to pass to <see cref="CrossValidation.RunAsync(IEnumerable{MotilityRecord}, Func{IReadOnlyList{MotilityRecord}, IReadOnlyList{string}, CancellationToken, Task{IReadOnlyList{MotilityPrediction}}}, int, int, bool, MotilityScale, CancellationToken)"/>.
    /// </summary>
    /// <param name="train">The training records (at least one).</param>
    /// <param name="testIds">The videos to predict.</param>
    /// <param name="cancellationToken">Checked once before predicting.</param>
    /// <returns>A completed task with one prediction per test ID.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="train"/> is empty or holds a null element.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<IReadOnlyList<MotilityPrediction>> PredictAsync(IReadOnlyList<MotilityRecord> train, IReadOnlyList<string> testIds, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Predict(train, testIds));
    }
}
