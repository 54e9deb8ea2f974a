namespace VisemQc.Testing;

/// <summary>
/// How the spermatozoa of each WHO grade move in synthetic videos, in pixels at the video's size. The
/// speeds are far apart so that a simple tracker can tell the grades apart from the frames alone.
/// </summary>
internal static class MotionModel
{
    /// <summary>Grade a, rapid progressive: straight-line speed in pixels per second, heading drifting slowly.</summary>
    public const double RapidSpeed = 75;

    /// <summary>Grade b, slow progressive: straight-line speed in pixels per second.</summary>
    public const double SlowSpeed = 20;

    /// <summary>Grade c, non-progressive: radius in pixels of the small circle the head swims around, in place.</summary>
    public const double InPlaceRadius = 2.5;

    /// <summary>Grade c: turns per second around that circle (net displacement stays about zero).</summary>
    public const double InPlaceTurnsPerSecond = 1.5;

    // Grade d, immotile: does not move at all.
}
