using System.Globalization;

namespace VisemQc;

/// <summary>What <see cref="VisemQcDownloader.DownloadAsync"/> did.</summary>
/// <remarks>Constructible so that a test double of <see cref="IVisemQcDatasetFactory"/> can return one.</remarks>
public sealed class DownloadResult
{
    /// <summary>The downloaded file, under its final name, as a full path.</summary>
    public required string Path { get; init; }

    /// <summary>The URI the bytes came from (the source or a mirror), or <see langword="null"/> when an existing verified copy was used without a request.</summary>
    public Uri? Source { get; init; }

    /// <summary>The file's length in bytes.</summary>
    public long Length { get; init; }

    /// <summary>The bytes received from the network and written in this call, including any that were later thrown away.</summary>
    public long BytesFetched { get; init; }

    /// <summary>The verified bytes this call found already on disk (an earlier partial download, or the finished file) and kept.</summary>
    public long BytesReused { get; init; }

    /// <summary>The verified bytes thrown away because the download had to restart from byte 0.</summary>
    public long BytesDiscarded { get; init; }

    /// <summary>How many times the download restarted from byte 0 (the server ignored a range, or the file changed on it).</summary>
    public int Restarts { get; init; }

    /// <summary>How many times a connection failed and asked again, with a range, from the first byte it had not received.</summary>
    public int Resumes { get; init; }

    /// <summary>How long the call took, waiting for the lock included.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>How the file was verified.</summary>
    /// <value>Default: an empty report (nothing checked), for results made by test doubles.</value>
    public VerificationReport Verification { get; init; } = new();

    /// <summary>Whether no byte had to be fetched: the destination already held the verified file.</summary>
    public bool UsedExistingFile => BytesFetched == 0 && BytesReused == Length;
}

/// <summary>How a file was verified, by a download or by <see cref="VisemQcDownloader.VerifyAsync"/>.</summary>
/// <remarks>Constructible, as <see cref="DownloadResult"/> is, so that a test double can report a repair.</remarks>
public sealed class VerificationReport
{
    /// <summary>The file verified, as a full path.</summary>
    public string Path { get; init; } = "";

    /// <summary>The outcome.</summary>
    public VerificationOutcome Outcome { get; init; }

    /// <summary>How many blocks were re-hashed and compared with the manifest.</summary>
    public long BlocksChecked { get; init; }

    /// <summary>The blocks whose bytes did not match the manifest when checked (they were fetched again).</summary>
    public IReadOnlyList<long> BadBlocks { get; init; } = [];

    /// <summary>The bytes fetched again to repair bad blocks or bad zip entries.</summary>
    public long BytesRepaired { get; init; }

    /// <summary>How many zip entries had their CRC-32 checked (0 when <see cref="DownloadOptions.VerifyZip"/> is off or the check was skipped).</summary>
    public int ZipEntriesChecked { get; init; }

    /// <summary>The outcome in one sentence, for logs and the command line.</summary>
    /// <returns>For example "Verified '/data/visem-qc.zip': 931 blocks match the manifest; 66 zip entries match their CRC-32."</returns>
    public override string ToString()
    {
        var checks = new List<string>(2);
        if (BlocksChecked > 0)
        {
            checks.Add(string.Create(CultureInfo.InvariantCulture, $"{BlocksChecked} blocks match the manifest"));
        }

        if (ZipEntriesChecked > 0)
        {
            checks.Add(string.Create(CultureInfo.InvariantCulture, $"{ZipEntriesChecked} zip entries match their CRC-32"));
        }

        var what = checks.Count > 0 ? string.Join("; ", checks) : "nothing was checked";
        return Outcome switch
        {
            VerificationOutcome.Repaired => string.Create(CultureInfo.InvariantCulture,
                $"Repaired '{Path}': {BadBlocks.Count} bad blocks ({string.Join(", ", BadBlocks.Take(10))}{(BadBlocks.Count > 10 ? ", ..." : "")}) were fetched again ({BytesRepaired} bytes), then {what}."),
            VerificationOutcome.Unchanged => $"Unchanged '{Path}': its length and modification time match the manifest written when it was verified, so its bytes were not read again.",
            _ => $"Verified '{Path}': {what}.",
        };
    }
}

/// <summary>The outcome of a verification (<see cref="VerificationReport.Outcome"/>).</summary>
public enum VerificationOutcome
{
    /// <summary>Every byte was checked and is good (the blocks against the manifest, the entries against their CRC-32).</summary>
    Verified,

    /// <summary>Bad blocks or entries were found, fetched again, and the file then checked good.</summary>
    Repaired,

    /// <summary>
    /// The finished file was used as it is: its length and modification time match the manifest
    /// written when it was verified, so its bytes were not read again (see <see cref="DownloadOptions.ReverifyExisting"/>).
    /// </summary>
    Unchanged,
}
