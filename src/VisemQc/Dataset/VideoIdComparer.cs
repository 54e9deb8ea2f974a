using System.Globalization;

namespace VisemQc.Dataset;

/// <summary>Orders video IDs as people expect: numeric IDs by value (9 before 10), then the others ordinally.</summary>
internal sealed class VideoIdComparer : IComparer<string>
{
    public static readonly VideoIdComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        var xNumber = long.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var a);
        var yNumber = long.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var b);
        return (xNumber, yNumber) switch
        {
            (true, true) when a != b => a.CompareTo(b),
            (true, false) => -1,
            (false, true) => 1,
            _ => string.CompareOrdinal(x, y),
        };
    }
}
