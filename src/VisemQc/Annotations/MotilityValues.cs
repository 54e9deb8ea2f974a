using System.Globalization;

namespace VisemQc.Annotations;

/// <summary>The rules and the text shared by <see cref="MotilityRecord"/> and <see cref="MotilityPrediction"/>.</summary>
internal static class MotilityValues
{
    /// <summary>A video ID is a non-blank file name without surrounding whitespace.</summary>
    public static string CheckVideoId(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (value.Trim().Length != value.Length)
        {
            throw new ArgumentException($"A video ID has no surrounding whitespace; got '{value}'. Trim it before creating the record.", nameof(value));
        }

        return value;
    }

    /// <summary><c>623: a 12.5%, b 30%, c 20%, d 37.5% (a+b 42.5%)</c>, with invariant numbers.</summary>
    public static string Describe(string videoId, double a, double b, double c, double d) => string.Create(
        CultureInfo.InvariantCulture,
        $"{videoId}: a {a:0.##}%, b {b:0.##}%, c {c:0.##}%, d {d:0.##}% (a+b {a + b:0.##}%)");
}
