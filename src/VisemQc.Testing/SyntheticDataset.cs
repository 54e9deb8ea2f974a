using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using VisemQc.Dataset;
using VisemQc.Video;

namespace VisemQc.Testing;

/// <summary>
/// A test kit for code that uses VISEM-QC: small synthetic datasets in the real layout whose videos
/// show what their labels say (spermatozoa that swim fast and straight for grade a, slowly for b, in
/// place for c, not at all for d, in the labelled proportions), and in-memory datasets for tests that
/// need no video. Everything is reproducible for a seed. Needs ffmpeg to encode the videos.
/// </summary>
/// <example>
/// <code>
/// var generated = await SyntheticDataset.WriteZipAsync(Path.Combine(tempFolder, "visem-qc.zip"));
/// await using var dataset = await VisemQcDataset.OpenAsync(generated.Path);
/// </code>
/// </example>
public static class SyntheticDataset
{
    private static readonly DateTimeOffset EntryTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes a synthetic dataset as a zip laid out like the real archive (<c>visem-qc/visem-qc.csv</c>, <c>visem-qc/videos/&lt;id&gt;.mkv</c>).</summary>
    /// <param name="zipPath">The zip to write; replaced if it exists.</param>
    /// <param name="options">What to generate, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels generation; a partial zip is deleted.</param>
    /// <returns>The path, the records and the videos written.</returns>
    /// <exception cref="VisemQcFfmpegNotFoundException">ffmpeg cannot be found.</exception>
    public static async Task<SyntheticDatasetResult> WriteZipAsync(string zipPath, SyntheticDatasetOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(zipPath);
        options ??= new SyntheticDatasetOptions();
        options.Validate();
        var fullPath = Path.GetFullPath(zipPath);
        var work = Directory.CreateTempSubdirectory("visemqc-synthetic-").FullName;
        var temporary = fullPath + ".tmp";
        try
        {
            var (records, videos) = await EncodeAllAsync(work, options, cancellationToken).ConfigureAwait(false);
            var file = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                using var archive = new ZipArchive(file, ZipArchiveMode.Create);
                AddDirectory(archive, options.RootFolder + "/");
                AddDirectory(archive, options.RootFolder + "/videos/");
                await AddFileAsync(archive, CsvPath(options), CsvBytes(records, options), CompressionLevel.Optimal, cancellationToken).ConfigureAwait(false);
                foreach (var video in videos)
                {
                    var level = video.Storage == SyntheticStorage.Deflated ? CompressionLevel.SmallestSize : CompressionLevel.NoCompression;
                    var bytes = await File.ReadAllBytesAsync(Path.Combine(work, video.FileName), cancellationToken).ConfigureAwait(false);
                    await AddFileAsync(archive, video.Path, bytes, level, cancellationToken).ConfigureAwait(false);
                }
            }

            File.Move(temporary, fullPath, overwrite: true);
            return new SyntheticDatasetResult(fullPath, records, videos);
        }
        finally
        {
            File.Delete(temporary);
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Writes a synthetic dataset as a folder laid out like the extracted archive.</summary>
    /// <param name="folder">The folder to write into (created if missing); existing files with the same names are replaced.</param>
    /// <param name="options">What to generate, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels generation.</param>
    /// <returns>The path, the records and the videos written.</returns>
    /// <exception cref="VisemQcFfmpegNotFoundException">ffmpeg cannot be found.</exception>
    public static async Task<SyntheticDatasetResult> WriteFolderAsync(string folder, SyntheticDatasetOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        options ??= new SyntheticDatasetOptions();
        options.Validate();
        var root = Path.GetFullPath(folder);
        var videosFolder = Path.Combine(root, options.RootFolder, "videos");
        Directory.CreateDirectory(videosFolder);
        var (records, videos) = await EncodeAllAsync(videosFolder, options, cancellationToken).ConfigureAwait(false);
        await File.WriteAllBytesAsync(Path.Combine(root, CsvPath(options)), CsvBytes(records, options), cancellationToken).ConfigureAwait(false);
        return new SyntheticDatasetResult(root, records, videos.Select(v => v.InFolder()).ToArray());
    }

    /// <summary>
    /// A dataset held in memory: the given records and no videos, for tests of code that needs only
    /// labels (splits, metrics, models on precomputed features). Opening a video throws
    /// <see cref="VisemQcVideoNotFoundException"/>.
    /// </summary>
    /// <param name="records">The records; video IDs must be distinct.</param>
    /// <returns>The dataset (nothing to dispose, but disposing is harmless).</returns>
    /// <exception cref="ArgumentException">Two records have the same video ID, or there are none.</exception>
    public static VisemQcDataset InMemory(IEnumerable<MotilityRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return DatasetOpener.FromRecords(records.ToArray());
    }

    /// <summary>Draws records like the real ones: distinct 3-digit IDs and grades with one decimal that sum to 100.</summary>
    /// <param name="count">How many records.</param>
    /// <param name="seed">The seed; the same seed gives the same records everywhere.</param>
    /// <returns>The records.</returns>
    public static IReadOnlyList<MotilityRecord> DrawRecords(int count, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 900);
        var random = new SplitMix64(SplitMix64.Hash("records") ^ (ulong)(uint)seed);
        var ids = new HashSet<int>();
        var records = new List<MotilityRecord>();
        while (records.Count < count)
        {
            var id = 100 + random.NextInt(900);
            if (!ids.Add(id))
            {
                continue;
            }

            // Tenths of a percent, four parts of 1000: cut [0, 1000] at three random points.
            int[] cuts = [random.NextInt(1001), random.NextInt(1001), random.NextInt(1001)];
            Array.Sort(cuts);
            records.Add(new MotilityRecord(
                id.ToString(CultureInfo.InvariantCulture),
                cuts[0] / 10.0,
                (cuts[1] - cuts[0]) / 10.0,
                (cuts[2] - cuts[1]) / 10.0,
                (1000 - cuts[2]) / 10.0));
        }

        return records;
    }

    private static async Task<(IReadOnlyList<MotilityRecord> Records, IReadOnlyList<SyntheticVideo> Videos)> EncodeAllAsync(string folder, SyntheticDatasetOptions options, CancellationToken cancellationToken)
    {
        var records = options.Records ?? DrawRecords(options.VideoCount, options.Seed);
        var ffmpeg = FfmpegTools.Locate("ffmpeg", options.FfmpegFolder, $"{nameof(SyntheticDatasetOptions)}.{nameof(SyntheticDatasetOptions.FfmpegFolder)}");

        var videos = new List<SyntheticVideo>();
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var container = options.Containers[i % options.Containers.Count];
            var storage = options.Storage[i % options.Storage.Count];
            var extension = container.ToString().ToLowerInvariant();
            var fileName = $"{record.VideoId}.{extension}";
            var seed = (ulong)(uint)options.Seed ^ SplitMix64.Hash(record.VideoId);
            var renderer = new SyntheticVideoRenderer(record, options.Width, options.Height, options.FrameRate, options.ParticlesPerVideo, seed);
            await EncodeAsync(ffmpeg, renderer, Path.Combine(folder, fileName), container, options, cancellationToken).ConfigureAwait(false);
            videos.Add(new SyntheticVideo(record.VideoId, $"{options.RootFolder}/videos/{fileName}", container, storage, options.FrameCount, SyntheticVideoRenderer.GradeCounts(record, options.ParticlesPerVideo), fileName));
        }

        return (records, videos);
    }

    private static async Task EncodeAsync(string ffmpeg, SyntheticVideoRenderer renderer, string path, SyntheticContainer container, SyntheticDatasetOptions options, CancellationToken cancellationToken)
    {
        var codec = container == SyntheticContainer.Avi
            ? string.Create(CultureInfo.InvariantCulture, $"-c:v mpeg4 -q:v 3 -g {options.FrameRate} -bf 2 -threads 1")
            : string.Create(CultureInfo.InvariantCulture, $"-c:v libx264 -preset veryfast -crf 18 -g {options.FrameRate} -bf 2 -x264-params threads=1");
        var arguments = string.Create(
            CultureInfo.InvariantCulture,
            $"-v error -y -f rawvideo -pix_fmt gray -s {options.Width}x{options.Height} -r {options.FrameRate} -i - {codec} -pix_fmt yuv420p -fflags +bitexact -flags:v +bitexact -map_metadata -1");
        var start = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Split(' '))
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(path);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start.");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            var frame = new byte[options.Width * options.Height];
            var input = process.StandardInput.BaseStream;
            for (var n = 0; n < options.FrameCount; n++)
            {
                renderer.Render(frame);
                await input.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            }

            input.Close();
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        if (process.ExitCode != 0)
        {
            var tail = (await error.ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(20).ToArray();
            throw new VisemQcFfmpegException("ffmpeg", Path.GetFileNameWithoutExtension(path), process.ExitCode, tail, arguments);
        }
    }

    // The kit finds ffmpeg itself, so that it needs no engine of the library's video reader.
    private static string CsvPath(SyntheticDatasetOptions options)
        => $"{options.RootFolder}/{options.RootFolder[(options.RootFolder.LastIndexOf('/') + 1)..]}.csv";

    private static byte[] CsvBytes(IReadOnlyList<MotilityRecord> records, SyntheticDatasetOptions options)
    {
        using var buffer = new MemoryStream();
        AnnotationCsv.Write(buffer, records, options.Annotations);
        return buffer.ToArray();
    }

    private static void AddDirectory(ZipArchive archive, string name)
        => archive.CreateEntry(name, CompressionLevel.NoCompression).LastWriteTime = EntryTime;

    private static async Task AddFileAsync(ZipArchive archive, string name, byte[] bytes, CompressionLevel level, CancellationToken cancellationToken)
    {
        var entry = archive.CreateEntry(name, level);
        entry.LastWriteTime = EntryTime;
        var stream = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>What <see cref="SyntheticDataset"/> wrote.</summary>
public sealed class SyntheticDatasetResult
{
    internal SyntheticDatasetResult(string path, IReadOnlyList<MotilityRecord> records, IReadOnlyList<SyntheticVideo> videos)
    {
        Path = path;
        Records = records;
        Videos = videos;
    }

    /// <summary>The zip file or folder; open it with <see cref="VisemQcDataset.OpenAsync"/>.</summary>
    public string Path { get; }

    /// <summary>The records written to the CSV: the videos' true labels.</summary>
    public IReadOnlyList<MotilityRecord> Records { get; }

    /// <summary>The videos written.</summary>
    public IReadOnlyList<SyntheticVideo> Videos { get; }
}

/// <summary>One synthetic video.</summary>
public sealed class SyntheticVideo
{
    internal SyntheticVideo(string videoId, string path, SyntheticContainer container, SyntheticStorage? storage, int frameCount, IReadOnlyList<int> particlesPerGrade, string fileName)
    {
        VideoId = videoId;
        Path = path;
        Container = container;
        Storage = storage;
        FrameCount = frameCount;
        ParticlesPerGrade = particlesPerGrade;
        FileName = fileName;
    }

    /// <summary>The video's ID.</summary>
    public string VideoId { get; }

    /// <summary>The path inside the dataset, such as <c>visem-qc/videos/623.mkv</c>.</summary>
    public string Path { get; }

    /// <summary>The container and codec.</summary>
    public SyntheticContainer Container { get; }

    /// <summary>How it is kept in the zip; <see langword="null"/> in a folder.</summary>
    public SyntheticStorage? Storage { get; }

    internal int FrameCount { get; }

    /// <summary>How many spermatozoa of grades a, b, c and d it shows (the labels, rounded to whole particles).</summary>
    public IReadOnlyList<int> ParticlesPerGrade { get; }

    internal string FileName { get; }

    internal SyntheticVideo InFolder() => new(VideoId, Path, Container, null, FrameCount, ParticlesPerGrade, FileName);
}
