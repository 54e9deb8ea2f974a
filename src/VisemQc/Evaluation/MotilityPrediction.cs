using System.Globalization;

using VisemQc.Annotations;

namespace VisemQc;

/// <summary>
/// A model's prediction of the motility grades of one video, mirroring <see cref="MotilityRecord"/>:
/// a, b, c and d in percent (0-100 scale), evaluated against the record with the same video ID by
/// <see cref="MotilityMetrics"/> and <see cref="CrossValidation"/>.
/// </summary>
/// <remarks>
/// Grades are evaluated as given: they must be finite, but need not lie within 0-100 or add up to 100
/// (a regression head's raw output is fine). A model that outputs fractions (0-1) should use
/// <see cref="FromFractions(string, double, double, double, double)"/>. Predictions have value equality.
/// </remarks>
public sealed record MotilityPrediction
{
    /// <summary>Creates a prediction from percentages.</summary>
    /// <param name="videoId">The video's ID, such as <c>623</c>.</param>
    /// <param name="rapidProgressive">Grade a, rapid progressive, in percent.</param>
    /// <param name="slowProgressive">Grade b, slow progressive, in percent.</param>
    /// <param name="nonProgressive">Grade c, non-progressive, in percent.</param>
    /// <param name="immotile">Grade d, immotile, in percent.</param>
    /// <exception cref="ArgumentException"><paramref name="videoId"/> is empty, blank or has surrounding whitespace.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A grade is NaN or infinite.</exception>
    public MotilityPrediction(string videoId, double rapidProgressive, double slowProgressive, double nonProgressive, double immotile)
    {
        VideoId = MotilityValues.CheckVideoId(videoId);
        RapidProgressive = CheckFinite(rapidProgressive, nameof(RapidProgressive));
        SlowProgressive = CheckFinite(slowProgressive, nameof(SlowProgressive));
        NonProgressive = CheckFinite(nonProgressive, nameof(NonProgressive));
        Immotile = CheckFinite(immotile, nameof(Immotile));
    }

    /// <summary>The video's ID: its file name without extension, as in <see cref="MotilityRecord.VideoId"/>. Compared ordinally.</summary>
    public string VideoId { get; }

    /// <summary>Predicted grade a, rapid progressive motility, in percent.</summary>
    public double RapidProgressive { get; }

    /// <summary>Predicted grade b, slow progressive motility, in percent.</summary>
    public double SlowProgressive { get; }

    /// <summary>Predicted grade c, non-progressive motility, in percent.</summary>
    public double NonProgressive { get; }

    /// <summary>Predicted grade d, immotile, in percent.</summary>
    public double Immotile { get; }

    /// <summary>Predicted total progressive motility a + b, in percent: the first grade of the 3-category task.</summary>
    public double Progressive => RapidProgressive + SlowProgressive;

    /// <summary>Creates a prediction from fractions (0-1 scale), multiplying each by 100.</summary>
    /// <param name="videoId">The video's ID, such as <c>623</c>.</param>
    /// <param name="rapidProgressive">Grade a as a fraction.</param>
    /// <param name="slowProgressive">Grade b as a fraction.</param>
    /// <param name="nonProgressive">Grade c as a fraction.</param>
    /// <param name="immotile">Grade d as a fraction.</param>
    /// <returns>The prediction in percent.</returns>
    /// <exception cref="ArgumentException"><paramref name="videoId"/> is empty, blank or has surrounding whitespace.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A grade is NaN or infinite.</exception>
    public static MotilityPrediction FromFractions(string videoId, double rapidProgressive, double slowProgressive, double nonProgressive, double immotile)
        => new(videoId, rapidProgressive * 100, slowProgressive * 100, nonProgressive * 100, immotile * 100);

    /// <summary>Creates the prediction that equals a record (a perfect prediction, for tests).</summary>
    /// <param name="record">The record.</param>
    /// <returns>A prediction with the record's ID and grades.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    public static MotilityPrediction FromRecord(MotilityRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.VideoId, record.RapidProgressive, record.SlowProgressive, record.NonProgressive, record.Immotile);
    }

    /// <summary>Formats the prediction for people, such as <c>623: a 12.5%, b 30%, c 20%, d 37.5% (a+b 42.5%)</c>, with invariant numbers.</summary>
    /// <returns>The ID, the four grades and the progressive total.</returns>
    public override string ToString() => MotilityValues.Describe(VideoId, RapidProgressive, SlowProgressive, NonProgressive, Immotile);

    private static double CheckFinite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} is a finite number of percent; got {value.ToString(CultureInfo.InvariantCulture)}. Replace NaN or infinite model outputs before evaluating.");
        }

        return value;
    }
}
