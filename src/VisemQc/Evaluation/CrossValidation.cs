using VisemQc.Evaluation;

namespace VisemQc;

/// <summary>
/// k-fold cross-validation over the videos, as in the published evaluation (Haugen et al. 2023: 10 folds):
/// train on k − 1 folds, predict the held-out fold, and score the out-of-fold predictions per fold,
/// pooled, and as a mean over folds. <see cref="ZeroR(IEnumerable{MotilityRecord}, int, int, bool, MotilityScale)"/>
/// runs the ZeroR baseline on the same folds.
/// </summary>
/// <remarks>
/// Folds run one after another, in index order. The train-and-predict function gets the training records
/// (with labels) and the test video IDs (without labels), both in video ID order, and must return exactly
/// one prediction per test ID; anything else stops the run with a <see cref="VisemQcPredictionException"/>
/// naming the fold and the IDs. Exceptions thrown by the function propagate unchanged.
/// </remarks>
public static class CrossValidation
{
    /// <summary>Cross-validates a model given as a train-and-predict function.</summary>
    /// <param name="records">The records of the videos to cross-validate on, with unique IDs, in any order.</param>
    /// <param name="trainAndPredict">
    /// Trains on the records of the first argument and predicts the video IDs of the second; called once per
    /// fold with <paramref name="cancellationToken"/>. Must return one prediction per test ID, in any order.
    /// </param>
    /// <param name="folds">The number of folds k (10 as in the published protocol); see <see cref="DatasetSplits.KFold(IEnumerable{MotilityRecord}, int, int, bool)"/>.</param>
    /// <param name="seed">The seed of the fold assignment.</param>
    /// <param name="stratifyByProgressive">Whether each fold gets a like share of low, middle and high a + b.</param>
    /// <param name="scale">The scale of every MAE and RMSE in the result: percent (0-100), or fraction (0-1) to compare with Haugen et al. (2023).</param>
    /// <param name="cancellationToken">Checked before every fold and passed to <paramref name="trainAndPredict"/>.</param>
    /// <returns>Per-fold, pooled and mean-over-folds metrics, and every out-of-fold prediction.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> or <paramref name="trainAndPredict"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="records"/> holds a null element, a video ID twice, or fewer than 2 records.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is less than 2 or exceeds the number of records, or <paramref name="scale"/> is not defined.</exception>
    /// <exception cref="VisemQcPredictionException">The function returned predictions that miss a test ID, include another ID, or repeat one.</exception>
    /// <exception cref="InvalidOperationException">The function returned null, a null task, or a null prediction.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<CrossValidationResult> RunAsync(
        IEnumerable<MotilityRecord> records,
        Func<IReadOnlyList<MotilityRecord>, IReadOnlyList<string>, CancellationToken, Task<IReadOnlyList<MotilityPrediction>>> trainAndPredict,
        int folds = 10,
        int seed = 0,
        bool stratifyByProgressive = false,
        MotilityScale scale = MotilityScale.Percent,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainAndPredict);
        var run = CrossValidationRun.Start(records, nameof(records), folds, seed, stratifyByProgressive, scale);
        foreach (var fold in run.Folds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var task = trainAndPredict(run.TrainRecords(fold), fold.TestIds, cancellationToken);
            if (task is null)
            {
                VisemQcThrow.PredictFunctionReturnedNull(fold.Index, fold.FoldCount);
            }

            var predictions = await task.ConfigureAwait(false);
            if (predictions is null)
            {
                VisemQcThrow.PredictFunctionReturnedNull(fold.Index, fold.FoldCount);
            }

            run.Score(fold, predictions);
        }

        return run.Finish();
    }

    /// <summary>Cross-validates a model given as a train-and-predict function on a dataset's records.</summary>
    /// <param name="dataset">The dataset whose <see cref="VisemQcDataset.Records"/> are cross-validated on.</param>
    /// <param name="trainAndPredict">Trains on the records of the first argument and predicts the video IDs of the second, once per fold.</param>
    /// <param name="folds">The number of folds k (10 as in the published protocol); see <see cref="DatasetSplits.KFold(IEnumerable{MotilityRecord}, int, int, bool)"/>.</param>
    /// <param name="seed">The seed of the fold assignment.</param>
    /// <param name="stratifyByProgressive">Whether each fold gets a like share of low, middle and high a + b.</param>
    /// <param name="scale">The scale of every MAE and RMSE in the result: percent (0-100), or fraction (0-1) to compare with Haugen et al. (2023).</param>
    /// <param name="cancellationToken">Checked before every fold and passed to <paramref name="trainAndPredict"/>.</param>
    /// <returns>Per-fold, pooled and mean-over-folds metrics, and every out-of-fold prediction.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dataset"/> or <paramref name="trainAndPredict"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The dataset has fewer than 2 records.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is less than 2 or exceeds the number of records, or <paramref name="scale"/> is not defined.</exception>
    /// <exception cref="VisemQcPredictionException">The function returned predictions that miss a test ID, include another ID, or repeat one.</exception>
    /// <exception cref="InvalidOperationException">The function returned null, a null task, or a null prediction.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<CrossValidationResult> RunAsync(
        VisemQcDataset dataset,
        Func<IReadOnlyList<MotilityRecord>, IReadOnlyList<string>, CancellationToken, Task<IReadOnlyList<MotilityPrediction>>> trainAndPredict,
        int folds = 10,
        int seed = 0,
        bool stratifyByProgressive = false,
        MotilityScale scale = MotilityScale.Percent,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return RunAsync(dataset.Records, trainAndPredict, folds, seed, stratifyByProgressive, scale, cancellationToken);
    }

    /// <summary>Cross-validates the ZeroR baseline (<see cref="ZeroRBaseline"/>): every test video gets the training folds' mean of each grade.</summary>
    /// <param name="records">The records of the videos to cross-validate on, with unique IDs, in any order.</param>
    /// <param name="folds">The number of folds k (use the same as for the model compared with it); see <see cref="DatasetSplits.KFold(IEnumerable{MotilityRecord}, int, int, bool)"/>.</param>
    /// <param name="seed">The seed of the fold assignment.</param>
    /// <param name="stratifyByProgressive">Whether each fold gets a like share of low, middle and high a + b.</param>
    /// <param name="scale">The scale of every MAE and RMSE in the result: percent (0-100), or fraction (0-1) to compare with Haugen et al. (2023).</param>
    /// <returns>Per-fold, pooled and mean-over-folds metrics, and every out-of-fold prediction.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="records"/> holds a null element, a video ID twice, or fewer than 2 records.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is less than 2 or exceeds the number of records, or <paramref name="scale"/> is not defined.</exception>
    public static CrossValidationResult ZeroR(IEnumerable<MotilityRecord> records, int folds = 10, int seed = 0, bool stratifyByProgressive = false, MotilityScale scale = MotilityScale.Percent)
    {
        var run = CrossValidationRun.Start(records, nameof(records), folds, seed, stratifyByProgressive, scale);
        foreach (var fold in run.Folds)
        {
            run.Score(fold, ZeroRBaseline.Predict(run.TrainRecords(fold), fold.TestIds));
        }

        return run.Finish();
    }

    /// <summary>Cross-validates the ZeroR baseline on a dataset's records.</summary>
    /// <param name="dataset">The dataset whose <see cref="VisemQcDataset.Records"/> are cross-validated on.</param>
    /// <param name="folds">The number of folds k (use the same as for the model compared with it); see <see cref="DatasetSplits.KFold(IEnumerable{MotilityRecord}, int, int, bool)"/>.</param>
    /// <param name="seed">The seed of the fold assignment.</param>
    /// <param name="stratifyByProgressive">Whether each fold gets a like share of low, middle and high a + b.</param>
    /// <param name="scale">The scale of every MAE and RMSE in the result: percent (0-100), or fraction (0-1) to compare with Haugen et al. (2023).</param>
    /// <returns>Per-fold, pooled and mean-over-folds metrics, and every out-of-fold prediction.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dataset"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The dataset has fewer than 2 records.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is less than 2 or exceeds the number of records, or <paramref name="scale"/> is not defined.</exception>
    public static CrossValidationResult ZeroR(VisemQcDataset dataset, int folds = 10, int seed = 0, bool stratifyByProgressive = false, MotilityScale scale = MotilityScale.Percent)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return ZeroR(dataset.Records, folds, seed, stratifyByProgressive, scale);
    }
}
