namespace VisemQc.Download;

/// <summary>What one download session did to the file, beyond the connections' own counts: the numbers of its <see cref="DownloadResult"/>.</summary>
internal sealed class DownloadTally
{
    private readonly List<long> _badBlocks = [];

    /// <summary>Verified bytes found on disk and kept; reset when the partial file is thrown away.</summary>
    public long BytesReused { get; set; }

    /// <summary>Bytes of bad blocks and bad zip entries fetched again; reset when the partial file is thrown away.</summary>
    public long BytesRepaired { get; set; }

    public long BytesDiscarded { get; set; }

    public long BlocksChecked { get; set; }

    public int Restarts { get; set; }

    public int ZipEntriesChecked { get; set; }

    /// <summary>Whether the blocks of bad zip entries were fetched once more (done at most once).</summary>
    public bool RefetchedBadEntries { get; set; }

    public IReadOnlyList<long> BadBlocks => _badBlocks;

    public void AddBadBlocks(IEnumerable<int> blocks) => _badBlocks.AddRange(blocks.Select(b => (long)b));

    /// <summary>Forgets the counts of a partial file that is thrown away.</summary>
    public void Discarded(long verifiedBytes)
    {
        BytesDiscarded += verifiedBytes;
        BytesReused = 0;
        BytesRepaired = 0;
    }
}
