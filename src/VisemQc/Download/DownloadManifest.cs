using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VisemQc.Download;

/// <summary>
/// The sidecar manifest <c>&lt;destination&gt;.manifest.json</c>: where the file came from, the
/// validator and length pinned when the download started, and the XxHash3 of every verified block.
/// It describes the <c>.part</c> file until <see cref="Complete"/>, then the finished file, and is
/// kept so that <see cref="VisemQcDownloader.VerifyAsync"/> can re-check and repair the file later.
/// </summary>
internal sealed class DownloadManifest
{
    public const int CurrentVersion = 1;
    public const string XxHash3Name = "xxhash3-64";

    public int Version { get; set; } = CurrentVersion;

    /// <summary>The URI the pinned validator belongs to; <see langword="null"/> for a file adopted without a download.</summary>
    public string? Source { get; set; }

    /// <summary>The entity tag as received (<c>"abc"</c> or <c>W/"abc"</c>), or <see langword="null"/>.</summary>
    public string? ETag { get; set; }

    /// <summary>The <c>Last-Modified</c> date, or <see langword="null"/>.</summary>
    public DateTimeOffset? LastModified { get; set; }

    /// <summary>Whether <see cref="LastModified"/> is a strong validator (the response's <c>Date</c> was at least a second later).</summary>
    public bool LastModifiedIsStrong { get; set; }

    public long Length { get; set; }

    public int BlockSize { get; set; }

    public string HashAlgorithm { get; set; } = XxHash3Name;

    /// <summary>The hash of each block as 16 hex digits, or <see langword="null"/> while the block is not verified.</summary>
    public string?[] Blocks { get; set; } = [];

    /// <summary>Whether the file is complete, verified and under its final name.</summary>
    public bool Complete { get; set; }

    /// <summary>The finished file's last-write time when it was verified, to notice later changes cheaply.</summary>
    public DateTime? FileLastWriteUtc { get; set; }

    /// <summary>The number of zip entries whose CRC-32 was checked when the file was finished.</summary>
    public int ZipEntriesChecked { get; set; }

    /// <summary>
    /// The boot in which the finished file was renamed without being flushed to disk, or <see langword="null"/>
    /// when its data is known to be on disk. After a restart its blocks are re-hashed before it is trusted.
    /// </summary>
    public string? UnflushedBootId { get; set; }

    public static long BlockCount(long length, int blockSize) => (length + blockSize - 1) / blockSize;

    /// <summary>Reads a manifest; <see langword="null"/> with a reason when it is missing, unreadable or inconsistent.</summary>
    public static DownloadManifest? TryLoad(string path, out string? problem)
    {
        problem = null;
        if (!File.Exists(path))
        {
            return null;
        }

        DownloadManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(File.ReadAllBytes(path), DownloadManifestJsonContext.Default.DownloadManifest);
        }
        catch (Exception error) when (error is JsonException or IOException or UnauthorizedAccessException)
        {
            problem = $"it cannot be read ({error.Message})";
            return null;
        }

        if (manifest is null || manifest.Version != CurrentVersion || manifest.HashAlgorithm != XxHash3Name)
        {
            problem = $"expected version {CurrentVersion} with {XxHash3Name} hashes, found version {manifest?.Version} with {manifest?.HashAlgorithm}";
            return null;
        }

        if (manifest.Length < 0 || manifest.BlockSize <= 0 || manifest.Blocks.Length != BlockCount(manifest.Length, manifest.BlockSize)
            || manifest.Blocks.Any(b => b is not null && !ulong.TryParse(b, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _)))
        {
            problem = $"its {manifest.Blocks.Length} block entries do not fit a length of {manifest.Length} bytes in blocks of {manifest.BlockSize}";
            return null;
        }

        return manifest;
    }

    /// <summary>Writes the manifest atomically: to a temporary file, then renamed over the old one.</summary>
    public void Save(string path)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            stream.Write(JsonSerializer.SerializeToUtf8Bytes(this, DownloadManifestJsonContext.Default.DownloadManifest));
        }

        File.Move(temporary, path, overwrite: true);
    }

    public static string FormatHash(ulong hash) => hash.ToString("x16", CultureInfo.InvariantCulture);

    public static ulong ParseHash(string hex) => ulong.Parse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}

[JsonSourceGenerationOptions(WriteIndented = false, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(DownloadManifest))]
internal sealed partial class DownloadManifestJsonContext : JsonSerializerContext;
