namespace VisemQc.Tests.Archive;

/// <summary>A fact that needs Info-ZIP's <c>zip</c> command at <c>/usr/bin/zip</c>; skipped where it is missing.</summary>
internal sealed class InfoZipFactAttribute : FactAttribute
{
    public const string ZipPath = "/usr/bin/zip";

    public InfoZipFactAttribute()
    {
        if (!File.Exists(ZipPath))
        {
            Skip = $"Info-ZIP's zip is not installed at {ZipPath} (apt-get install zip).";
        }
    }
}
