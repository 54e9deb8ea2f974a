namespace VisemQc.Dataset;

/// <summary>
/// Where the annotation CSV and the videos are inside a zip or folder. The real archive is believed to
/// hold <c>visem-qc/&lt;name&gt;.csv</c> and <c>visem-qc/videos/&lt;id&gt;.mkv</c>; neither name is relied on.
/// </summary>
internal sealed record DatasetLayout(DatasetFile Annotations, string? VideosFolder, IReadOnlyList<DatasetFile> Videos)
{
    /// <summary>The extensions of video files, matched ignoring case.</summary>
    public static readonly IReadOnlySet<string> VideoExtensions = new HashSet<string>(
        [".mkv", ".avi", ".mp4", ".m4v", ".mov", ".mpg", ".mpeg", ".vob", ".ts", ".wmv", ".webm", ".flv", ".3gp", ".ogv"],
        StringComparer.OrdinalIgnoreCase);

    public static DatasetLayout Find(DatasetStorage storage, VisemQcDatasetOptions options)
    {
        var annotations = FindAnnotations(storage, options);
        var videoFiles = storage.Files.Where(f => VideoExtensions.Contains(Path.GetExtension(f.Name))).ToArray();
        var videosFolder = FindVideosFolder(storage, options, videoFiles);
        var videos = videosFolder is null ? [] : videoFiles.Where(f => f.Folder == videosFolder).ToArray();
        return new DatasetLayout(annotations, videosFolder, videos);
    }

    private static DatasetFile FindAnnotations(DatasetStorage storage, VisemQcDatasetOptions options)
    {
        if (options.AnnotationPath is { } explicitPath)
        {
            var named = storage.Files.FirstOrDefault(f => f.Path == explicitPath);
            if (named is null)
            {
                VisemQcThrow.LayoutException_PathNotFound(storage.RootPath, nameof(options.AnnotationPath), explicitPath);
            }

            return named;
        }

        var csvs = storage.Files.Where(f => f.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (csvs.Length == 0)
        {
            VisemQcThrow.LayoutException_NoAnnotationCsv(storage.RootPath, options.MaxSearchDepth);
        }

        if (csvs.Length > 1)
        {
            VisemQcThrow.LayoutException_SeveralAnnotationCsvs(storage.RootPath, csvs.Select(c => c.Path).ToArray());
        }

        return csvs[0];
    }

    private static string? FindVideosFolder(DatasetStorage storage, VisemQcDatasetOptions options, DatasetFile[] videoFiles)
    {
        if (options.VideosFolder is { } explicitFolder)
        {
            var folder = explicitFolder.TrimEnd('/');
            if (!storage.Files.Any(f => f.Folder == folder))
            {
                VisemQcThrow.LayoutException_PathNotFound(storage.RootPath, nameof(options.VideosFolder), explicitFolder);
            }

            return folder;
        }

        var folders = videoFiles.Select(f => f.Folder).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (folders.Length <= 1)
        {
            return folders.SingleOrDefault();
        }

        var namedVideos = folders.Where(f => f[(f.LastIndexOf('/') + 1)..].Equals("videos", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (namedVideos.Length != 1)
        {
            VisemQcThrow.LayoutException_SeveralVideoFolders(storage.RootPath, folders);
        }

        return namedVideos[0];
    }
}
