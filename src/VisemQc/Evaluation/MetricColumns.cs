namespace VisemQc.Evaluation;

/// <summary>
/// True and predicted values of the matched videos, grade by grade (a, b, c, d, a + b), each grade a
/// contiguous run of <see cref="Count"/> doubles so that the metrics are plain span loops.
/// </summary>
internal sealed class MetricColumns
{
    public const int Rapid = 0;
    public const int Slow = 1;
    public const int Non = 2;
    public const int Immotile = 3;
    public const int Progressive = 4;
    public const int GradeCount = 5;

    private readonly double[] _actual;
    private readonly double[] _predicted;

    public MetricColumns(int count)
    {
        Count = count;
        _actual = new double[GradeCount * count];
        _predicted = new double[GradeCount * count];
    }

    public int Count { get; }

    public ReadOnlySpan<double> Actual(int grade) => _actual.AsSpan(grade * Count, Count);

    public ReadOnlySpan<double> Predicted(int grade) => _predicted.AsSpan(grade * Count, Count);

    public void SetActual(int row, MotilityRecord record)
    {
        _actual[(Rapid * Count) + row] = record.RapidProgressive;
        _actual[(Slow * Count) + row] = record.SlowProgressive;
        _actual[(Non * Count) + row] = record.NonProgressive;
        _actual[(Immotile * Count) + row] = record.Immotile;
        _actual[(Progressive * Count) + row] = record.Progressive;
    }

    public void SetPredicted(int row, MotilityPrediction prediction)
    {
        _predicted[(Rapid * Count) + row] = prediction.RapidProgressive;
        _predicted[(Slow * Count) + row] = prediction.SlowProgressive;
        _predicted[(Non * Count) + row] = prediction.NonProgressive;
        _predicted[(Immotile * Count) + row] = prediction.Immotile;
        _predicted[(Progressive * Count) + row] = prediction.Progressive;
    }
}
