using System.Globalization;

namespace VisemQc.Tests.Evaluation;

/// <summary>
/// An independent implementation of the split algorithm exactly as docs/evaluation.md states it, written
/// from the docs rather than from the library's code, so that the library and its documentation are held
/// to each other.
/// </summary>
internal static class Reference
{
    /// <summary>SplitMix64 (Steele, Lea and Flood 2014), with a bounded draw by rejection.</summary>
    public struct SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public int NextInt(int bound)
        {
            var limit = ulong.MaxValue - (ulong.MaxValue % (ulong)bound);
            while (true)
            {
                var value = Next();
                if (value < limit)
                {
                    return (int)(value % (ulong)bound);
                }
            }
        }
    }

    /// <summary>Numeric IDs by value first, then the others ordinally.</summary>
    public static int CompareIds(string x, string y)
    {
        var xNumeric = long.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var xValue);
        var yNumeric = long.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var yValue);
        if (xNumeric && yNumeric && xValue != yValue)
        {
            return xValue.CompareTo(yValue);
        }

        if (xNumeric != yNumeric)
        {
            return xNumeric ? -1 : 1;
        }

        return string.CompareOrdinal(x, y);
    }

    /// <summary>The test IDs of each fold.</summary>
    public static List<string>[] KFold(IEnumerable<MotilityRecord> records, int k, int seed, bool stratify)
    {
        var list = records.ToList();
        list.Sort((x, y) => CompareIds(x.VideoId, y.VideoId));
        var random = new SplitMix64((uint)seed);
        var folds = Enumerable.Range(0, k).Select(_ => new List<string>()).ToArray();
        if (!stratify)
        {
            FisherYates(list, ref random);
            for (var p = 0; p < list.Count; p++)
            {
                folds[p % k].Add(list[p].VideoId);
            }
        }
        else
        {
            var byProgressive = list.OrderBy(r => r.RapidProgressive + r.SlowProgressive).ToList();
            for (var start = 0; start < byProgressive.Count; start += k)
            {
                var order = Enumerable.Range(0, k).ToList();
                FisherYates(order, ref random);
                for (var j = 0; j < k && start + j < byProgressive.Count; j++)
                {
                    folds[order[j]].Add(byProgressive[start + j].VideoId);
                }
            }
        }

        foreach (var fold in folds)
        {
            fold.Sort(CompareIds);
        }

        return folds;
    }

    private static void FisherYates<T>(List<T> items, ref SplitMix64 random)
    {
        for (var i = items.Count - 1; i >= 1; i--)
        {
            var j = random.NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
