using System.Collections.ObjectModel;
using VisemQc.Dataset;

namespace VisemQc.Evaluation;

/// <summary>Matches predictions to records by video ID, once, and reports every mismatch at once.</summary>
internal static class PredictionMatcher
{
    /// <summary>The columns of <paramref name="sortedRecords"/> (row i = record i) and their predictions.</summary>
    /// <exception cref="VisemQcPredictionException">A record without prediction, a prediction without record, or a duplicate.</exception>
    public static MetricColumns Match(MotilityRecord[] sortedRecords, IEnumerable<MotilityPrediction> predictions, string paramName, int? foldIndex, int foldCount)
        => Match(sortedRecords, predictions, paramName, foldIndex, foldCount, out _);

    /// <summary>As above, also returning the predictions in the records' order.</summary>
    public static MetricColumns Match(MotilityRecord[] sortedRecords, IEnumerable<MotilityPrediction> predictions, string paramName, int? foldIndex, int foldCount, out MotilityPrediction[] matched)
    {
        ArgumentNullException.ThrowIfNull(predictions, paramName);
        var rowById = new Dictionary<string, int>(sortedRecords.Length, StringComparer.Ordinal);
        var columns = new MetricColumns(sortedRecords.Length);
        for (var row = 0; row < sortedRecords.Length; row++)
        {
            rowById.Add(sortedRecords[row].VideoId, row);
            columns.SetActual(row, sortedRecords[row]);
        }

        matched = new MotilityPrediction[sortedRecords.Length];
        List<string>? unexpected = null;
        List<string>? duplicates = null;
        var received = 0;
        foreach (var prediction in predictions)
        {
            if (prediction is null)
            {
                if (foldIndex is null)
                {
                    VisemQcThrow.NullElement(paramName, received, nameof(MotilityPrediction));
                }

                VisemQcThrow.NullPrediction(foldIndex.Value, foldCount, received);
            }

            received++;
            if (!rowById.TryGetValue(prediction.VideoId, out var row))
            {
                (unexpected ??= []).Add(prediction.VideoId);
            }
            else if (matched[row] is not null)
            {
                (duplicates ??= []).Add(prediction.VideoId);
            }
            else
            {
                matched[row] = prediction;
                columns.SetPredicted(row, prediction);
            }
        }

        var missing = new List<string>();
        for (var row = 0; row < matched.Length; row++)
        {
            if (matched[row] is null)
            {
                missing.Add(sortedRecords[row].VideoId);
            }
        }

        if (missing.Count > 0 || unexpected is not null || duplicates is not null)
        {
            VisemQcThrow.PredictionException_Mismatch(
                foldIndex,
                foldCount,
                sortedRecords.Length,
                received,
                missing.AsReadOnly(),
                SortedDistinct(unexpected),
                SortedDistinct(duplicates));
        }

        return columns;
    }

    private static ReadOnlyCollection<string> SortedDistinct(List<string>? ids)
        => ids is null ? ReadOnlyCollection<string>.Empty : ids.Distinct(StringComparer.Ordinal).Order(VideoIdComparer.Instance).ToArray().AsReadOnly();
}
