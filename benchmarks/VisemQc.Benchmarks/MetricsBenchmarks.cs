using System.Globalization;
using BenchmarkDotNet.Attributes;
using VisemQc.Evaluation;
using VisemQc.Video;

namespace VisemQc.Benchmarks;

/// <summary>
/// Metrics on 10,000 predictions: MAE, RMSE and Pearson r of a, b, c, d and a + b, and the overall MAE and
/// RMSE of both tasks. Baseline: what a user would write by hand with LINQ (join by ID, then per grade
/// <c>Select</c>/<c>Zip</c>/<c>Average</c>). Cases: <see cref="MotilityMetrics.Compute"/> as users call it (match
/// by ID once, then the metrics), the hot loop alone (the metrics from already matched columns), and one grade
/// through the public span API. Target: the hot loop allocates nothing but its result (one
/// <see cref="MotilityMetrics"/>, 176 bytes), and <see cref="GradeMetrics.Compute"/> nothing at all.
/// </summary>
[MemoryDiagnoser]
public class MetricsBenchmarks
{
    private const int Count = 10_000;

    private MotilityRecord[] _records = [];
    private MotilityPrediction[] _predictions = [];
    private MetricColumns? _columns;
    private double[] _actualImmotile = [];
    private double[] _predictedImmotile = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new SplitMix64(2023);
        double Uniform(double max) => (random.Next() >> 11) * (1.0 / (1UL << 53)) * max;
        _records = new MotilityRecord[Count];
        _predictions = new MotilityPrediction[Count];
        for (var i = 0; i < Count; i++)
        {
            var id = (i + 1).ToString(CultureInfo.InvariantCulture);
            double a = Uniform(50), b = Uniform(30), c = Uniform(100 - a - b);
            _records[i] = new MotilityRecord(id, a, b, c, 100 - a - b - c);
            _predictions[i] = new MotilityPrediction(id, a + Uniform(10) - 5, b + Uniform(10) - 5, c + Uniform(10) - 5, 100 - a - b - c + Uniform(10) - 5);
        }

        // Predictions in another order than the records, as a model's output may be.
        Array.Reverse(_predictions);
        _columns = PredictionMatcher.Match(SplitAlgorithm.SortById(_records, "records"), _predictions, "predictions", null, 0);
        _actualImmotile = _records.Select(r => r.Immotile).ToArray();
        var byId = _predictions.ToDictionary(p => p.VideoId, StringComparer.Ordinal);
        _predictedImmotile = _records.Select(r => byId[r.VideoId].Immotile).ToArray();

        var library = Compute();
        var byHand = Linq();
        if (Math.Abs(library.FourCategoryMae + library.ThreeCategoryMae + library.Immotile.PearsonR - byHand) > 1e-9
            || HotLoop().ToString() != library.ToString()
            || !OneGrade().Equals(library.Immotile))
        {
            throw new InvalidOperationException("Every case must compute the same metrics.");
        }
    }

    [Benchmark(Baseline = true, Description = "LINQ by hand (join by ID, Zip/Average per grade)")]
    public double Linq()
    {
        var byId = _predictions.ToDictionary(p => p.VideoId, StringComparer.Ordinal);
        var pairs = _records.Select(r => (Actual: r, Predicted: byId[r.VideoId])).ToList();
        var grades = new Func<MotilityRecord, double>[] { r => r.RapidProgressive, r => r.SlowProgressive, r => r.NonProgressive, r => r.Immotile, r => r.Progressive };
        var predictedGrades = new Func<MotilityPrediction, double>[] { p => p.RapidProgressive, p => p.SlowProgressive, p => p.NonProgressive, p => p.Immotile, p => p.Progressive };
        var mae = new double[5];
        var r = new double[5];
        for (var g = 0; g < 5; g++)
        {
            var actual = pairs.Select(x => grades[g](x.Actual)).ToArray();
            var predicted = pairs.Select(x => predictedGrades[g](x.Predicted)).ToArray();
            mae[g] = actual.Zip(predicted, (y, p) => Math.Abs(p - y)).Average();
            _ = Math.Sqrt(actual.Zip(predicted, (y, p) => (p - y) * (p - y)).Average());
            var meanActual = actual.Average();
            var meanPredicted = predicted.Average();
            var sxy = actual.Zip(predicted, (y, p) => (y - meanActual) * (p - meanPredicted)).Sum();
            r[g] = sxy / Math.Sqrt(actual.Sum(y => (y - meanActual) * (y - meanActual)) * predicted.Sum(p => (p - meanPredicted) * (p - meanPredicted)));
        }

        return ((mae[0] + mae[1] + mae[2] + mae[3]) / 4) + ((mae[4] + mae[2] + mae[3]) / 3) + r[3];
    }

    [Benchmark(Description = "MotilityMetrics.Compute (match by ID + metrics)")]
    public MotilityMetrics Compute() => MotilityMetrics.Compute(_records, _predictions);

    [Benchmark(Description = "Hot loop: metrics of matched columns")]
    public MotilityMetrics HotLoop() => MotilityMetrics.FromColumns(_columns!, MotilityScale.Percent, 1.0);

    [Benchmark(Description = "GradeMetrics.Compute(spans), one grade")]
    public GradeMetrics OneGrade() => GradeMetrics.Compute(_actualImmotile, _predictedImmotile);
}
