using System.Globalization;

using VisemQc.Annotations;

namespace VisemQc;

/// <summary>
/// The motility grades of one VISEM-QC video by WHO 1999 criteria: the percentage of
/// spermatozoa that are rapid progressive (a), slow progressive (b), non-progressive (c) and
/// immotile (d), as means over the reference laboratories.
/// </summary>
/// <remarks>
/// <para>
/// Every grade is a percentage on the 0-100 scale (not a fraction). The four grades of a real
/// record add up to about 100; the CSV reader checks that within
/// <see cref="AnnotationOptions.SumTolerance"/>, this type does not, so that predictions and
/// partial data can use it too.
/// </para>
/// <para>
/// Records have value equality: two records are equal when their video IDs (ordinal) and all
/// four grades are equal.
/// </para>
/// </remarks>
public sealed record MotilityRecord
{
    /// <summary>Creates a record.</summary>
    /// <param name="videoId">The video's file name without extension, such as <c>623</c>.</param>
    /// <param name="rapidProgressive">Grade a, rapid progressive, in percent (0-100).</param>
    /// <param name="slowProgressive">Grade b, slow progressive, in percent (0-100).</param>
    /// <param name="nonProgressive">Grade c, non-progressive, in percent (0-100).</param>
    /// <param name="immotile">Grade d, immotile, in percent (0-100).</param>
    /// <exception cref="ArgumentException"><paramref name="videoId"/> is empty, blank or has surrounding whitespace.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A grade is not a finite number from 0 to 100.</exception>
    public MotilityRecord(string videoId, double rapidProgressive, double slowProgressive, double nonProgressive, double immotile)
    {
        VideoId = MotilityValues.CheckVideoId(videoId);
        RapidProgressive = CheckPercentage(rapidProgressive, nameof(RapidProgressive));
        SlowProgressive = CheckPercentage(slowProgressive, nameof(SlowProgressive));
        NonProgressive = CheckPercentage(nonProgressive, nameof(NonProgressive));
        Immotile = CheckPercentage(immotile, nameof(Immotile));
    }

    /// <summary>The video's ID: its file name without extension (for example <c>623</c> for <c>videos/623.mkv</c>). Compared ordinally.</summary>
    public string VideoId { get; }

    /// <summary>Grade a, rapid progressive motility, in percent (0-100).</summary>
    public double RapidProgressive { get; }

    /// <summary>Grade b, slow progressive motility, in percent (0-100).</summary>
    public double SlowProgressive { get; }

    /// <summary>Grade c, non-progressive motility, in percent (0-100).</summary>
    public double NonProgressive { get; }

    /// <summary>Grade d, immotile, in percent (0-100).</summary>
    public double Immotile { get; }

    /// <summary>Total progressive motility a + b (WHO 2010 "PR"), in percent (0-200 in theory, 0-100 for a consistent record).</summary>
    public double Progressive => RapidProgressive + SlowProgressive;

    /// <summary>Total motility a + b + c, in percent (0-100 for a consistent record).</summary>
    public double Motile => RapidProgressive + SlowProgressive + NonProgressive;

    /// <summary>The sum of the four grades a + b + c + d, in percent; about 100 for a real record.</summary>
    public double Total => RapidProgressive + SlowProgressive + NonProgressive + Immotile;

    /// <summary>Formats the record for people, such as <c>623: a 12.5%, b 30%, c 20%, d 37.5% (a+b 42.5%)</c>, with invariant numbers.</summary>
    /// <returns>The ID, the four grades and the progressive total.</returns>
    public override string ToString() => MotilityValues.Describe(VideoId, RapidProgressive, SlowProgressive, NonProgressive, Immotile);


    private static double CheckPercentage(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0 || value > 100)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} is a percentage from 0 to 100; got {value.ToString(CultureInfo.InvariantCulture)}.");
        }

        return value;
    }
}
