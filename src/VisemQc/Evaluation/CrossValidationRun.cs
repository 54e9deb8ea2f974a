namespace VisemQc.Evaluation;

/// <summary>The state of one cross-validation: the folds, each fold's checked predictions and metrics.</summary>
internal sealed class CrossValidationRun
{
    private readonly int _seed;
    private readonly bool _stratify;
    private readonly MotilityScale _scale;
    private readonly MotilityRecord[] _sorted;
    private readonly Dictionary<string, MotilityRecord> _byId;
    private readonly CrossValidationFoldResult[] _results;
    private readonly double _factor;

    private CrossValidationRun(int seed, bool stratify, MotilityScale scale, MotilityRecord[] sorted, IReadOnlyList<DatasetFold> folds)
    {
        _seed = seed;
        _stratify = stratify;
        _scale = scale;
        _sorted = sorted;
        _byId = sorted.ToDictionary(r => r.VideoId, StringComparer.Ordinal);
        _results = new CrossValidationFoldResult[folds.Count];
        _factor = MetricMath.Factor(scale);
        Folds = folds;
    }

    public IReadOnlyList<DatasetFold> Folds { get; }

    public static CrossValidationRun Start(IEnumerable<MotilityRecord> records, string paramName, int folds, int seed, bool stratify, MotilityScale scale)
    {
        DatasetSplits.CheckFoldCount(folds);
        if (scale is not (MotilityScale.Percent or MotilityScale.Fraction))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"{nameof(scale)} is {nameof(MotilityScale.Percent)} or {nameof(MotilityScale.Fraction)}; got {(int)scale}.");
        }

        var sorted = SplitAlgorithm.SortById(records, paramName);
        return new CrossValidationRun(seed, stratify, scale, sorted, DatasetSplits.KFold(sorted, folds, seed, stratify));
    }

    /// <summary>The fold's training records in video ID order, as a read-only list (the function cannot change ours).</summary>
    public IReadOnlyList<MotilityRecord> TrainRecords(DatasetFold fold) => fold.TrainIds.Select(id => _byId[id]).ToArray().AsReadOnly();

    /// <summary>Checks the fold's predictions (one per test ID, nothing else) and scores them.</summary>
    public void Score(DatasetFold fold, IEnumerable<MotilityPrediction> predictions)
    {
        var testRecords = fold.TestIds.Select(id => _byId[id]).ToArray();
        var columns = PredictionMatcher.Match(testRecords, predictions, nameof(predictions), fold.Index, fold.FoldCount, out var matched);
        var metrics = MotilityMetrics.FromColumns(columns, _scale, _factor);
        _results[fold.Index] = new CrossValidationFoldResult(fold, metrics, matched.AsReadOnly());
    }

    public CrossValidationResult Finish()
    {
        var all = _results.SelectMany(r => r.Predictions).ToArray();
        var columns = PredictionMatcher.Match(_sorted, all, "predictions", foldIndex: null, foldCount: 0, out var matched);
        var pooled = MotilityMetrics.FromColumns(columns, _scale, _factor);
        var mean = MotilityMetrics.MeanOf(_results.Select(r => r.Metrics).ToArray(), _scale);
        return new CrossValidationResult(_seed, _stratify, _scale, _results.AsReadOnly(), pooled, mean, matched.AsReadOnly());
    }
}
