using System.Globalization;
using VisemQc.Dataset;
using VisemQc.Video;

namespace VisemQc.Evaluation;

/// <summary>
/// The split algorithms, kept apart from the public API because their every step is part of the
/// contract (docs/evaluation.md spells them out; a golden test pins their output).
/// </summary>
internal static class SplitAlgorithm
{
    /// <summary>The records in video ID order (numeric IDs by value), checked for nulls and duplicate IDs.</summary>
    public static MotilityRecord[] SortById(IEnumerable<MotilityRecord> records, string paramName)
    {
        ArgumentNullException.ThrowIfNull(records, paramName);
        var array = records.ToArray();
        for (var i = 0; i < array.Length; i++)
        {
            if (array[i] is null)
            {
                VisemQcThrow.NullElement(paramName, i, nameof(MotilityRecord));
            }
        }

        // The order of VideoIdComparer, with each ID parsed once rather than at every comparison.
        var keys = new IdKey[array.Length];
        for (var i = 0; i < array.Length; i++)
        {
            keys[i] = IdKey.Of(array[i].VideoId);
        }

        Array.Sort(keys, array);
        for (var i = 1; i < keys.Length; i++)
        {
            if (string.Equals(keys[i - 1].Id, keys[i].Id, StringComparison.Ordinal))
            {
                VisemQcThrow.DuplicateRecordId(paramName, keys[i].Id);
            }
        }

        return array;
    }

    /// <summary>The fold of each record of <paramref name="sortedById"/>.</summary>
    public static int[] AssignFolds(MotilityRecord[] sortedById, int foldCount, int seed, bool stratify)
    {
        var random = new SplitMix64((uint)seed);
        var foldOf = new int[sortedById.Length];
        if (!stratify)
        {
            // Shuffle the positions, then deal round-robin: the record at shuffled position p goes to fold p mod k.
            var order = Identity(sortedById.Length);
            Shuffle(order, ref random);
            for (var p = 0; p < order.Length; p++)
            {
                foldOf[order[p]] = p % foldCount;
            }

            return foldOf;
        }

        // Sort by a + b, cut into consecutive groups of k and deal each group in a seeded fold order.
        var byProgressive = ByProgressive(sortedById);
        var folds = new int[foldCount];
        for (var start = 0; start < byProgressive.Length; start += foldCount)
        {
            for (var f = 0; f < foldCount; f++)
            {
                folds[f] = f;
            }

            Shuffle(folds, ref random);
            var size = Math.Min(foldCount, byProgressive.Length - start);
            for (var j = 0; j < size; j++)
            {
                foldOf[byProgressive[start + j]] = folds[j];
            }
        }

        return foldOf;
    }

    /// <summary>⌈n × fraction⌉, a product within 1e-9 of a whole number counting as that number, kept within 1 and n − 1.</summary>
    public static int TestCount(int count, double fraction)
    {
        var exact = count * fraction;
        var rounded = Math.Round(exact);
        var testCount = Math.Abs(exact - rounded) <= 1e-9 ? (int)rounded : (int)Math.Ceiling(exact);
        return Math.Clamp(testCount, 1, count - 1);
    }

    /// <summary>Whether each record of <paramref name="sortedById"/> is in the test set.</summary>
    public static bool[] DrawTestSet(MotilityRecord[] sortedById, int testCount, int seed, bool stratify)
    {
        var random = new SplitMix64((uint)seed);
        var isTest = new bool[sortedById.Length];
        if (!stratify)
        {
            var order = Identity(sortedById.Length);
            Shuffle(order, ref random);
            for (var p = 0; p < testCount; p++)
            {
                isTest[order[p]] = true;
            }

            return isTest;
        }

        // Stratum s holds the positions floor(s n / t) to floor((s + 1) n / t) - 1 of the a + b order; draw one from each.
        var byProgressive = ByProgressive(sortedById);
        long n = byProgressive.Length;
        for (var s = 0; s < testCount; s++)
        {
            var start = (int)(s * n / testCount);
            var end = (int)((s + 1) * n / testCount);
            isTest[byProgressive[start + random.NextInt(end - start)]] = true;
        }

        return isTest;
    }

    /// <summary>Fisher-Yates from the end: for i = n − 1 down to 1, swap i with NextInt(i + 1).</summary>
    private static void Shuffle(int[] items, ref SplitMix64 random)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>Positions in <paramref name="sortedById"/>, ordered by a + b, ties in ID order (a stable sort).</summary>
    private static int[] ByProgressive(MotilityRecord[] sortedById)
        => Identity(sortedById.Length).OrderBy(i => sortedById[i].Progressive).ToArray();

    private static int[] Identity(int count)
    {
        var items = new int[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = i;
        }

        return items;
    }

    /// <summary>A video ID with its numeric value, ordered as <see cref="VideoIdComparer"/> orders IDs.</summary>
    private readonly record struct IdKey(bool IsNumeric, long Number, string Id) : IComparable<IdKey>
    {
        public static IdKey Of(string id)
            => new(long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number), number, id);

        public int CompareTo(IdKey other) => (IsNumeric, other.IsNumeric) switch
        {
            (true, true) when Number != other.Number => Number.CompareTo(other.Number),
            (true, false) => -1,
            (false, true) => 1,
            _ => string.CompareOrdinal(Id, other.Id),
        };
    }
}
