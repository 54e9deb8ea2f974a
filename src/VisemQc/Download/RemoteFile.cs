using System.Globalization;
using System.Net.Http.Headers;

namespace VisemQc.Download;

/// <summary>
/// The representation a download is pinned to: its length and validators. Resuming sends
/// <c>If-Range</c> with the strong ETag or, failing that, a strong <c>Last-Modified</c>; a weak
/// ETag is never sent there.
/// </summary>
internal sealed record RemoteFile(Uri Source, long Length, EntityTagHeaderValue? ETag, DateTimeOffset? LastModified, bool LastModifiedIsStrong)
{
    /// <summary>Whether a validator can prove that a range comes from the same bytes.</summary>
    public bool HasStrongValidator => ETag is { IsWeak: false } || (LastModified is not null && LastModifiedIsStrong);

    public string? ValidatorText => ETag is { IsWeak: false } ? ETag.ToString()
        : LastModified is { } modified && LastModifiedIsStrong ? modified.ToString("R", CultureInfo.InvariantCulture)
        : ETag?.ToString() ?? LastModified?.ToString("R", CultureInfo.InvariantCulture);

    public RangeConditionHeaderValue? IfRange => ETag is { IsWeak: false } ? new RangeConditionHeaderValue(ETag)
        : LastModified is { } modified && LastModifiedIsStrong ? new RangeConditionHeaderValue(modified)
        : null;

    public static RemoteFile FromResponse(Uri source, long length, HttpResponseMessage response)
    {
        var lastModified = response.Content.Headers.LastModified;
        var date = response.Headers.Date;
        bool strongDate = lastModified is { } modified && date is { } sent && sent - modified >= TimeSpan.FromSeconds(1);
        return new RemoteFile(source, length, response.Headers.ETag, lastModified, strongDate);
    }

    public static RemoteFile FromManifest(DownloadManifest manifest)
    {
        EntityTagHeaderValue? etag = null;
        if (manifest.ETag is not null && !EntityTagHeaderValue.TryParse(manifest.ETag, out etag))
        {
            etag = null;
        }

        return new RemoteFile(new Uri(manifest.Source!), manifest.Length, etag, manifest.LastModified, manifest.LastModifiedIsStrong);
    }

    /// <summary>
    /// Compares the validators a response carries with the pinned ones; a validator the response
    /// leaves out proves nothing either way. Returns a description of the difference, or <see langword="null"/>.
    /// </summary>
    public string? Difference(HttpResponseMessage response)
    {
        if (ETag is not null && response.Headers.ETag is { } etag && !SameTag(ETag, etag))
        {
            return $"ETag {ETag} became {etag}";
        }

        if (LastModified is { } pinned && response.Content.Headers.LastModified is { } modified && pinned != modified)
        {
            return $"Last-Modified {pinned.ToString("R", CultureInfo.InvariantCulture)} became {modified.ToString("R", CultureInfo.InvariantCulture)}";
        }

        return null;
    }

    public static string? ReceivedValidator(HttpResponseMessage response)
        => response.Headers.ETag?.ToString() ?? response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture);

    private static bool SameTag(EntityTagHeaderValue a, EntityTagHeaderValue b)
        => a.IsWeak == b.IsWeak && string.Equals(a.Tag, b.Tag, StringComparison.Ordinal);
}
