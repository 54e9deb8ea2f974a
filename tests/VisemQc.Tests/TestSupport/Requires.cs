namespace VisemQc.Tests.TestSupport;

/// <summary>
/// The trait that marks a test needing an outside program, so the pure subset runs without them:
/// <c>dotnet test VisemQc.sln --filter "Requires!=ffmpeg&amp;Requires!=zip&amp;Requires!=chromium"</c>.
/// Use <c>[Trait(Requires.Key, Requires.Ffmpeg)]</c> on the class when each of its tests (or its fixture)
/// needs the program, else on the method; a test needing several carries several.
/// </summary>
public static class Requires
{
    public const string Key = "Requires";

    /// <summary>ffmpeg and ffprobe.</summary>
    public const string Ffmpeg = "ffmpeg";

    /// <summary>Info-ZIP's <c>zip</c>.</summary>
    public const string Zip = "zip";

    /// <summary>Headless Chromium (found at /usr/bin, not on the PATH).</summary>
    public const string Chromium = "chromium";
}
