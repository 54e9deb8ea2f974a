using System.Globalization;

namespace VisemQc.Tests.Evaluation;

/// <summary>Deterministic records and predictions for the evaluation tests.</summary>
internal static class EvaluationData
{
    /// <summary><paramref name="count"/> records with IDs 1..count, grades in whole tenths that add up to 100.</summary>
    public static MotilityRecord[] Records(int count, ulong seed = 1)
    {
        var random = new Reference.SplitMix64(seed);
        var records = new MotilityRecord[count];
        for (var i = 0; i < count; i++)
        {
            var cuts = new[] { random.NextInt(1001), random.NextInt(1001), random.NextInt(1001) };
            Array.Sort(cuts);
            records[i] = new MotilityRecord(
                (i + 1).ToString(CultureInfo.InvariantCulture),
                cuts[0] / 10.0,
                (cuts[1] - cuts[0]) / 10.0,
                (cuts[2] - cuts[1]) / 10.0,
                (1000 - cuts[2]) / 10.0);
        }

        return records;
    }

    /// <summary>A prediction per record: the truth plus noise of up to ± <paramref name="noise"/> percentage points per grade.</summary>
    public static MotilityPrediction[] NoisyPredictions(IEnumerable<MotilityRecord> records, double noise, ulong seed = 2)
    {
        var random = new Reference.SplitMix64(seed);
        double Noise() => ((random.Next() >> 11) * (1.0 / (1UL << 53)) * 2 - 1) * noise;
        return records
            .Select(r => new MotilityPrediction(r.VideoId, r.RapidProgressive + Noise(), r.SlowProgressive + Noise(), r.NonProgressive + Noise(), r.Immotile + Noise()))
            .ToArray();
    }

    public static T[] Shuffled<T>(IReadOnlyList<T> items, ulong seed)
    {
        var copy = items.ToArray();
        var random = new Reference.SplitMix64(seed);
        for (var i = copy.Length - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }

        return copy;
    }
}
