using VisemQc.Annotations;
using VisemQc.Sample;

namespace VisemQc.Dataset;

/// <summary>Opens a dataset: picks the storage for the path, finds the layout, reads the annotation CSV.</summary>
internal static class DatasetOpener
{
    /// <summary>Opens a zip or folder; the options are validated.</summary>
    public static async Task<VisemQcDataset> OpenAsync(string path, VisemQcDatasetOptions options, CancellationToken cancellationToken)
    {
        DatasetStorage storage;
        if (Directory.Exists(path))
        {
            storage = new FolderStorage(path, options.MaxSearchDepth);
        }
        else if (File.Exists(path))
        {
            var cache = Path.Combine(options.CacheDirectory ?? Path.Combine(VisemQcDataset.DefaultHome, "cache"), "videos");
            storage = await ZipStorage.OpenAsync(path, options.MaxSearchDepth, cache, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            throw new FileNotFoundException($"No VISEM-QC dataset at '{Path.GetFullPath(path)}': expected the zip file (visem-qc.zip) or the folder it was extracted to.", path);
        }

        try
        {
            var layout = DatasetLayout.Find(storage, options);
            var csvBytes = await storage.ReadAllBytesAsync(layout.Annotations, cancellationToken).ConfigureAwait(false);
            var annotations = AnnotationCsvParser.Parse(csvBytes, storage.Describe(layout.Annotations), options.Annotations);
            return new VisemQcDataset(storage, layout, annotations, options);
        }
        catch
        {
            storage.Dispose();
            throw;
        }
    }

    /// <summary>Opens the sample built into the package, writing its zip under the home folder the first time.</summary>
    public static async Task<VisemQcDataset> OpenSampleAsync(VisemQcDatasetOptions options, CancellationToken cancellationToken)
    {
        var zipPath = await SampleData.EnsureZipAsync(Path.Combine(VisemQcDataset.DefaultHome, "sample"), cancellationToken).ConfigureAwait(false);
        return await OpenAsync(zipPath, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A dataset of records held in memory, without videos.</summary>
    public static VisemQcDataset FromRecords(IReadOnlyList<MotilityRecord> records)
    {
        if (records.Count == 0)
        {
            throw new ArgumentException("An in-memory dataset needs at least one record.", nameof(records));
        }

        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
        }

        if (records.GroupBy(r => r.VideoId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ArgumentException($"Each video has one record; the video ID '{duplicate.Key}' appears {duplicate.Count()} times.", nameof(records));
        }

        const string Name = "records";
        var annotations = new AnnotationReadResult(records, new AnnotationValidationReport($"memory:{Name}", [], records.Count), ',', hadHeader: false);
        return new VisemQcDataset(new MemoryStorage(), new DatasetLayout(new DatasetFile(Name, 0, null), null, []), annotations, new VisemQcDatasetOptions());
    }
}
