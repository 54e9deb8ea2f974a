using System.IO.Hashing;
using VisemQc.Archive;
using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.Dataset;

public sealed class VisemQcDatasetTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly VisemQcDatasetOptions _options;

    public VisemQcDatasetTests() => _options = new VisemQcDatasetOptions { CacheDirectory = _temp.Combine("cache") };

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OpenAsync_StandardLayout_ReadsRecordsAndMatchesVideosByStem(bool zip)
    {
        var builder = DatasetBuilder.Standard();
        var path = zip ? builder.WriteZip(_temp.Combine("visem-qc.zip")) : builder.WriteFolder(_temp.Combine("extracted"));

        await using var dataset = await VisemQcDataset.OpenAsync(path, _options);

        Assert.Equal(zip ? VisemQcDatasetKind.Zip : VisemQcDatasetKind.Folder, dataset.Kind);
        Assert.Equal("visem-qc/visem-qc.csv", dataset.AnnotationPath);
        Assert.Equal("visem-qc/videos", dataset.VideosFolder);
        Assert.Equal(["623", "923", "17"], dataset.Records.Select(r => r.VideoId));
        Assert.Equal(["17", "623", "923"], dataset.VideoIds);
        Assert.Equal(new MotilityRecord("923", 0, 5.5, 4.5, 90), dataset["923"]);
        Assert.True(dataset.TryGetRecord("17", out var record));
        Assert.Equal(66.6, record.Progressive, precision: 10);
        Assert.False(dataset.TryGetRecord("18", out _));
        Assert.True(dataset.Consistency.IsConsistent, dataset.Consistency.ToString());
        Assert.Equal(["mp4", "mkv", "avi"], dataset.Videos.Select(v => v.Container));
        var expectedStorage = zip ? new[] { VideoStorage.Stored, VideoStorage.Stored, VideoStorage.Deflated } : [VideoStorage.File, VideoStorage.File, VideoStorage.File];
        Assert.Equal(expectedStorage, dataset.Videos.Select(v => v.Storage));
        Assert.Contains("3 records, 3 videos, consistent", dataset.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenVideo_StoredEntry_IsWindowOverTheZipWithoutCopy()
    {
        var builder = DatasetBuilder.Standard();
        var zipPath = builder.WriteZip(_temp.Combine("visem-qc.zip"));
        await using var dataset = await VisemQcDataset.OpenAsync(zipPath, _options);

        await using var video = dataset.OpenVideo("623");

        var window = Assert.IsType<FileWindowStream>(video);
        var zipBytes = await File.ReadAllBytesAsync(zipPath);
        var expected = builder.BytesOf("visem-qc/videos/623.mkv");
        Assert.True(zipBytes.AsSpan((int)window.Start, expected.Length).SequenceEqual(expected), "the window must start at the entry's data in the zip");
        await AssertSameBytesAndSeekableAsync(expected, video);
        Assert.False(Directory.Exists(_temp.Combine("cache")), "a stored entry must not be copied to the cache");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OpenVideo_DeflatedEntry_ReadsVerifiedCacheFile(bool asynchronous)
    {
        var builder = DatasetBuilder.Standard();
        await using var dataset = await VisemQcDataset.OpenAsync(builder.WriteZip(_temp.Combine("visem-qc.zip")), _options);

        await using (var video = asynchronous ? await dataset.OpenVideoAsync("923") : dataset.OpenVideo("923"))
        {
            await AssertSameBytesAndSeekableAsync(builder.BytesOf("visem-qc/videos/923.avi"), video);
        }

        var cached = Assert.Single(Directory.GetFiles(_temp.Combine("cache", "videos")));
        Assert.Matches(@"923-[0-9a-f]{8}-300000\.avi$", cached);
        var written = File.GetLastWriteTimeUtc(cached);

        await using var again = dataset.OpenVideo("923");
        Assert.Equal(written, File.GetLastWriteTimeUtc(cached));
        Assert.Equal(300_000, again.Length);
    }

    [Fact]
    public async Task OpenVideo_CachedCopyDamaged_IsReplacedByAFreshVerifiedCopy()
    {
        var builder = DatasetBuilder.Standard();
        var zipPath = builder.WriteZip(_temp.Combine("visem-qc.zip"));
        await using (var first = await VisemQcDataset.OpenAsync(zipPath, _options))
        {
            (await first.OpenVideoAsync("923")).Dispose();
        }

        var cached = Assert.Single(Directory.GetFiles(_temp.Combine("cache", "videos")));
        var damaged = await File.ReadAllBytesAsync(cached);
        damaged[1000] ^= 0xFF;
        await File.WriteAllBytesAsync(cached, damaged);

        await using var second = await VisemQcDataset.OpenAsync(zipPath, _options);
        await using var video = await second.OpenVideoAsync("923");

        await AssertSameBytesAndSeekableAsync(builder.BytesOf("visem-qc/videos/923.avi"), video);
    }

    [Fact]
    public async Task OpenVideo_DeflatedEntryWithWrongCrc_ThrowsIntegrityAndKeepsNoCacheFile()
    {
        var builder = DatasetBuilder.Standard();
        var zipPath = builder.WriteZip(_temp.Combine("visem-qc.zip"));
        var expectedCrc = Crc32.HashToUInt32(builder.BytesOf("visem-qc/videos/923.avi"));
        ZipPatcher.ReplaceCrc32(zipPath, expectedCrc, expectedCrc ^ 0x5A5A5A5A);
        await using var dataset = await VisemQcDataset.OpenAsync(zipPath, _options);

        var error = await Assert.ThrowsAsync<VisemQcIntegrityException>(() => dataset.OpenVideoAsync("923"));

        Assert.Equal(["visem-qc/videos/923.avi"], error.EntryNames);
        Assert.Equal(expectedCrc ^ 0x5A5A5A5A, error.ExpectedCrc32!.Value);
        Assert.Equal(expectedCrc, error.ActualCrc32!.Value);
        Assert.Contains("download it again", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_temp.Combine("cache", "videos")));
    }

    [Fact]
    public async Task OpenVideo_CorruptDeflateData_ThrowsArchiveExceptionNamingEntry()
    {
        var builder = DatasetBuilder.Standard();
        var zipPath = builder.WriteZip(_temp.Combine("visem-qc.zip"));
        await using (var dataset = await VisemQcDataset.OpenAsync(zipPath, _options))
        {
            Assert.True(dataset.TryGetVideo("923", out _));
        }

        // Overwrite the middle of the deflated data with a run of 0xFF: an invalid block type.
        var bytes = await File.ReadAllBytesAsync(zipPath);
        var start = ZipPatcher.FindLocalData(bytes, "visem-qc/videos/923.avi");
        bytes.AsSpan(start + 10, 64).Fill(0xFF);
        await File.WriteAllBytesAsync(zipPath, bytes);
        await using var corrupt = await VisemQcDataset.OpenAsync(zipPath, _options);

        var error = Assert.Throws<VisemQcIntegrityException>(() => corrupt.OpenVideo("923"));

        Assert.Equal(["visem-qc/videos/923.avi"], error.EntryNames);
        Assert.Empty(Directory.GetFiles(_temp.Combine("cache", "videos")));
    }

    [Fact]
    public async Task OpenVideo_Folder_ReturnsReadOnlyFile()
    {
        var builder = DatasetBuilder.Standard();
        await using var dataset = await VisemQcDataset.OpenAsync(builder.WriteFolder(_temp.Combine("extracted")), _options);

        await using var video = await dataset.OpenVideoAsync("17");

        Assert.False(video.CanWrite);
        await AssertSameBytesAndSeekableAsync(builder.BytesOf("visem-qc/videos/17.mp4"), video);
    }

    [Fact]
    public async Task OpenVideo_UnknownId_ThrowsNamingTheId()
    {
        await using var dataset = await VisemQcDataset.OpenAsync(DatasetBuilder.Standard().WriteZip(_temp.Combine("visem-qc.zip")), _options);

        var noVideo = Assert.Throws<VisemQcVideoNotFoundException>(() => dataset.OpenVideo("624"));
        var noRecord = Assert.Throws<VisemQcVideoNotFoundException>(() => dataset["624"]);

        Assert.Equal("624", noVideo.VideoId);
        Assert.Contains("'624'", noVideo.Message, StringComparison.Ordinal);
        Assert.Contains("no video file", noVideo.Message, StringComparison.Ordinal);
        Assert.Contains("no annotation record", noRecord.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consistency_MismatchedRecordsAndVideos_AreReported()
    {
        var builder = DatasetBuilder.Standard()
            .Remove("visem-qc/videos/17.mp4")
            .Add("visem-qc/videos/5.mkv", DatasetBuilder.VideoBytes(5, 1000))
            .Add("visem-qc/videos/623.avi", DatasetBuilder.VideoBytes(6, 1000));
        await using var dataset = await VisemQcDataset.OpenAsync(builder.WriteZip(_temp.Combine("visem-qc.zip")), _options);

        var report = dataset.Consistency;

        Assert.False(report.IsConsistent);
        Assert.Equal(["17"], report.RecordsWithoutVideo);
        Assert.Equal(["5"], report.VideosWithoutRecord);
        var conflict = Assert.Single(report.DuplicateVideoIds);
        Assert.Equal("623", conflict.VideoId);
        Assert.Equal(["visem-qc/videos/623.avi", "visem-qc/videos/623.mkv"], conflict.Paths);
        Assert.Contains("records without video: 17", report.ToString(), StringComparison.Ordinal);
        var ambiguous = Assert.Throws<VisemQcLayoutException>(() => dataset.OpenVideo("623"));
        Assert.Equal(conflict.Paths, ambiguous.Candidates);
    }

    [Fact]
    public async Task OpenAsync_UnsafeEntryNames_AreIgnoredAndReported()
    {
        var builder = DatasetBuilder.Standard()
            .Add("../evil.mkv", [1, 2, 3])
            .Add("/abs/evil.mkv", [1, 2, 3])
            .Add("visem-qc/videos/..\\..\\evil.mkv", [1, 2, 3]);
        await using var dataset = await VisemQcDataset.OpenAsync(builder.WriteZip(_temp.Combine("visem-qc.zip")), _options);

        Assert.Equal(["17", "623", "923"], dataset.VideoIds);
        Assert.Equal(["../evil.mkv", "/abs/evil.mkv", "visem-qc/videos/..\\..\\evil.mkv"], dataset.Consistency.IgnoredEntries);
        Assert.False(File.Exists(_temp.Combine("evil.mkv")));
    }

    [Fact]
    public async Task OpenAsync_NoCsv_ThrowsLayoutException()
    {
        var builder = DatasetBuilder.Standard().Remove("visem-qc/visem-qc.csv");

        var error = await Assert.ThrowsAsync<VisemQcLayoutException>(() => VisemQcDataset.OpenAsync(builder.WriteZip(_temp.Combine("visem-qc.zip")), _options));

        Assert.Contains("no annotation CSV", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_TwoCsvs_ThrowsListingThem_AndAnnotationPathChooses()
    {
        var builder = DatasetBuilder.Standard().Add("visem-qc/old.csv", "1,25,25,25,25\n");
        var zipPath = builder.WriteZip(_temp.Combine("visem-qc.zip"));

        var error = await Assert.ThrowsAsync<VisemQcLayoutException>(() => VisemQcDataset.OpenAsync(zipPath, _options));
        Assert.Equal(["visem-qc/visem-qc.csv", "visem-qc/old.csv"], error.Candidates);

        await using var dataset = await VisemQcDataset.OpenAsync(zipPath, new VisemQcDatasetOptions { CacheDirectory = _options.CacheDirectory, AnnotationPath = "visem-qc/old.csv" });
        Assert.Equal("1", Assert.Single(dataset.Records).VideoId);
    }

    [Fact]
    public async Task OpenAsync_SeveralVideoFolders_PrefersVideosThenAsksForVideosFolder()
    {
        var withVideosName = DatasetBuilder.Standard().Add("visem-qc/scale/micrometer.avi", [1, 2, 3]);
        await using (var dataset = await VisemQcDataset.OpenAsync(withVideosName.WriteZip(_temp.Combine("a.zip")), _options))
        {
            Assert.Equal("visem-qc/videos", dataset.VideosFolder);
        }

        var ambiguous = new DatasetBuilder()
            .Add("root/annotations.csv", DatasetBuilder.DefaultCsv)
            .Add("root/dvd1/623.mkv", [1])
            .Add("root/dvd2/923.mkv", [2]);
        var zipPath = ambiguous.WriteZip(_temp.Combine("b.zip"));
        var error = await Assert.ThrowsAsync<VisemQcLayoutException>(() => VisemQcDataset.OpenAsync(zipPath, _options));
        Assert.Equal(["root/dvd1", "root/dvd2"], error.Candidates);

        await using var chosen = await VisemQcDataset.OpenAsync(zipPath, new VisemQcDatasetOptions { CacheDirectory = _options.CacheDirectory, VideosFolder = "root/dvd2" });
        Assert.Equal(["923"], chosen.VideoIds);
    }

    [Fact]
    public async Task OpenAsync_FilesBelowSearchDepth_AreNotFound()
    {
        var deep = new DatasetBuilder().Add("a/b/c/d/visem-qc.csv", DatasetBuilder.DefaultCsv);

        await Assert.ThrowsAsync<VisemQcLayoutException>(() => VisemQcDataset.OpenAsync(deep.WriteFolder(_temp.Combine("deep")), _options));
        await using var dataset = await VisemQcDataset.OpenAsync(_temp.Combine("deep"), new VisemQcDatasetOptions { CacheDirectory = _options.CacheDirectory, MaxSearchDepth = 5 });
        Assert.Equal(3, dataset.Records.Count);
    }

    [Fact]
    public async Task OpenAsync_BadCsvInsideZip_ErrorNamesZipEntryLineAndColumn()
    {
        var builder = DatasetBuilder.Standard().Remove("visem-qc/visem-qc.csv").Add("visem-qc/visem-qc.csv", "ID,a,b,c,d\n623,12.5,x,20,37.25\n");
        var zipPath = builder.WriteZip(_temp.Combine("visem-qc.zip"));

        var error = await Assert.ThrowsAsync<VisemQcFormatException>(() => VisemQcDataset.OpenAsync(zipPath, _options));

        Assert.Equal($"{zipPath}!/visem-qc/visem-qc.csv", error.FilePath);
        Assert.Equal((2, 3, "x"), (error.Line, error.Column, error.RawValue));
    }

    [Fact]
    public async Task OpenAsync_LenientAnnotations_OpensAndReportsProblems()
    {
        var builder = DatasetBuilder.Standard().Remove("visem-qc/visem-qc.csv").Add("visem-qc/visem-qc.csv", "623,12.5,x,20,37.25\n923,0,5.5,4.5,90\n");
        var options = new VisemQcDatasetOptions { CacheDirectory = _options.CacheDirectory, Annotations = new AnnotationOptions { Validation = AnnotationValidation.Lenient } };

        await using var dataset = await VisemQcDataset.OpenAsync(builder.WriteZip(_temp.Combine("visem-qc.zip")), options);

        Assert.Equal(["923"], dataset.Records.Select(r => r.VideoId));
        Assert.Equal(AnnotationProblemKind.NotANumber, Assert.Single(dataset.AnnotationReport.Problems).Kind);
        Assert.Equal(["17", "623"], dataset.Consistency.VideosWithoutRecord);
    }

    [Trait(Requires.Key, Requires.Zip)]
    [Fact]
    public async Task OpenAsync_ZipMadeByInfoZip_WithSemicolonDialect_OpensAndReadsVideos()
    {
        var source = _temp.Combine("source");
        var builder = new DatasetBuilder()
            .Add("visem-qc/VISEM-QC labels.csv", "\uFEFFVideo;Rapid;Slow;Non-progressive;Immotile\r\n623;12,5;30,25;20;37,25\r\n923;0;5,5;4,5;90\r\n")
            .Add("visem-qc/videos/623.mkv", DatasetBuilder.VideoBytes(623, 200_000))
            .Add("visem-qc/videos/923.mkv", DatasetBuilder.VideoBytes(923, 200_000));
        builder.WriteFolder(source);
        var zipPath = _temp.Combine("info-zip.zip");
        ExternalTool.Run("zip", source, "-q", "-r", "-0", zipPath, "visem-qc/VISEM-QC labels.csv", "visem-qc/videos/623.mkv");
        ExternalTool.Run("zip", source, "-q", "-9", zipPath, "visem-qc/videos/923.mkv");

        await using var dataset = await VisemQcDataset.OpenAsync(zipPath, _options);

        Assert.Equal([new MotilityRecord("623", 12.5, 30.25, 20, 37.25), new MotilityRecord("923", 0, 5.5, 4.5, 90)], dataset.Records);
        Assert.Equal([VideoStorage.Stored, VideoStorage.Deflated], dataset.Videos.Select(v => v.Storage));
        await using var stored = dataset.OpenVideo("623");
        await AssertSameBytesAndSeekableAsync(builder.BytesOf("visem-qc/videos/623.mkv"), stored);
        await using var deflated = dataset.OpenVideo("923");
        await AssertSameBytesAndSeekableAsync(builder.BytesOf("visem-qc/videos/923.mkv"), deflated);
    }

    [Fact]
    public async Task Dispose_ReleasesTheArchiveHandle()
    {
        var zipPath = DatasetBuilder.Standard().WriteZip(_temp.Combine("visem-qc.zip"));
        var dataset = await VisemQcDataset.OpenAsync(zipPath, _options);
        Assert.Equal(1, OpenHandlesTo(zipPath));

        var video = dataset.OpenVideo("623");
        Assert.Equal(2, OpenHandlesTo(zipPath));
        await dataset.DisposeAsync();
        Assert.Equal(1, OpenHandlesTo(zipPath));
        Assert.Throws<ObjectDisposedException>(() => dataset.OpenVideo("623"));

        Assert.True(video.ReadByte() >= 0, "an open video stream outlives the dataset");
        await video.DisposeAsync();
        Assert.Equal(0, OpenHandlesTo(zipPath));
    }

    [Fact]
    public async Task OpenAsync_MissingPath_ThrowsFileNotFound()
    {
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => VisemQcDataset.OpenAsync(_temp.Combine("nope.zip"), _options));

        Assert.Contains("expected the zip file", error.Message, StringComparison.Ordinal);
    }

    private static int OpenHandlesTo(string path)
        => new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos().Count(fd => fd.LinkTarget == path);

    private static async Task AssertSameBytesAndSeekableAsync(byte[] expected, Stream video)
    {
        Assert.True(video.CanRead && video.CanSeek && !video.CanWrite);
        Assert.Equal(expected.Length, video.Length);
        using var copy = new MemoryStream();
        await video.CopyToAsync(copy);
        Assert.True(copy.ToArray().AsSpan().SequenceEqual(expected), "bytes differ");

        var random = new Random(7);
        var buffer = new byte[4096];
        for (var i = 0; i < 20; i++)
        {
            var position = random.NextInt64(expected.Length);
            video.Seek(position - video.Position, SeekOrigin.Current);
            var read = video.Read(buffer);
            Assert.True(buffer.AsSpan(0, read).SequenceEqual(expected.AsSpan((int)position, read)), $"bytes differ at {position}");
        }

        video.Seek(-10, SeekOrigin.End);
        Assert.Equal(10, video.Read(buffer));
        Assert.Equal(0, video.Read(buffer));
    }
}
