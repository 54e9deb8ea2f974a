using System.IO.Hashing;
using VisemQc.Testing;
using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.Testing;

public sealed class SyntheticDatasetTests : IDisposable
{
    private readonly TempFolder _temp = new("visemqc-kit-");

    public void Dispose() => _temp.Dispose();

    [Trait(Requires.Key, Requires.Ffmpeg)]
    [Fact]
    public async Task WriteZipAsync_Defaults_WritesTheRealLayoutThatOpensConsistent()
    {
        var generated = await SyntheticDataset.WriteZipAsync(_temp.Combine("visem-qc.zip"));
        await using var dataset = await VisemQcDataset.OpenAsync(generated.Path, new VisemQcDatasetOptions { CacheDirectory = _temp.Combine("cache") });

        Assert.Equal("visem-qc/visem-qc.csv", dataset.AnnotationPath);
        Assert.Equal("visem-qc/videos", dataset.VideosFolder);
        Assert.Equal(generated.Records, dataset.Records);
        Assert.Equal(5, dataset.Records.Count);
        Assert.True(dataset.Consistency.IsConsistent, dataset.Consistency.ToString());
        Assert.All(dataset.Records, r => Assert.Equal(100, r.Total, precision: 6));
        Assert.All(dataset.Records, r => Assert.InRange(int.Parse(r.VideoId, System.Globalization.CultureInfo.InvariantCulture), 100, 999));
        var probe = await dataset.ProbeVideoAsync(dataset.VideoIds[0]);
        Assert.Equal((320, 240, 50, "h264"), (probe.Width, probe.Height, probe.FrameCount, probe.Codec));
        Assert.All(dataset.Videos, v => Assert.Equal(VideoStorage.Stored, v.Storage));
    }

    [Trait(Requires.Key, Requires.Ffmpeg)]
    [Fact]
    public async Task WriteZipAsync_ContainersAndStorageInTurn_AllDecode()
    {
        var options = new SyntheticDatasetOptions
        {
            VideoCount = 3,
            Width = 160,
            Height = 120,
            FrameRate = 10,
            Duration = TimeSpan.FromSeconds(1),
            Containers = [SyntheticContainer.Mkv, SyntheticContainer.Avi, SyntheticContainer.Mp4],
            Storage = [SyntheticStorage.Deflated, SyntheticStorage.Stored],
            Annotations = new AnnotationWriteOptions { Separator = ';', DecimalComma = true },
            Seed = 3,
        };

        var generated = await SyntheticDataset.WriteZipAsync(_temp.Combine("mixed.zip"), options);
        await using var dataset = await VisemQcDataset.OpenAsync(generated.Path, new VisemQcDatasetOptions { CacheDirectory = _temp.Combine("cache") });

        Assert.Equal([SyntheticContainer.Mkv, SyntheticContainer.Avi, SyntheticContainer.Mp4], generated.Videos.Select(v => v.Container));
        foreach (var video in generated.Videos)
        {
            var found = dataset.Videos.Single(v => v.VideoId == video.VideoId);
            Assert.Equal(video.Storage == SyntheticStorage.Deflated ? VideoStorage.Deflated : VideoStorage.Stored, found.Storage);
            var probe = await dataset.ProbeVideoAsync(video.VideoId);
            Assert.Equal((160, 120, 10), (probe.Width, probe.Height, probe.FrameCount));
        }
    }

    [Trait(Requires.Key, Requires.Ffmpeg)]
    [Fact]
    public async Task WriteFolderAsync_SameSeed_SameBytes_OtherSeed_Different()
    {
        var options = new SyntheticDatasetOptions { VideoCount = 2, Width = 128, Height = 96, Duration = TimeSpan.FromSeconds(0.4), Seed = 11 };

        var first = await SyntheticDataset.WriteFolderAsync(_temp.Combine("a"), options);
        var second = await SyntheticDataset.WriteFolderAsync(_temp.Combine("b"), options);
        var other = await SyntheticDataset.WriteFolderAsync(_temp.Combine("c"), new SyntheticDatasetOptions { VideoCount = 2, Width = 128, Height = 96, Duration = TimeSpan.FromSeconds(0.4), Seed = 12 });

        Assert.Equal(first.Records, second.Records);
        Assert.NotEqual(first.Records, other.Records);
        foreach (var video in first.Videos)
        {
            Assert.Equal(Checksum(first.Path, video.Path), Checksum(second.Path, video.Path));
        }

        await using var dataset = await VisemQcDataset.OpenAsync(first.Path);
        Assert.Equal(VisemQcDatasetKind.Folder, dataset.Kind);
        Assert.True(dataset.Consistency.IsConsistent);
    }

    [Trait(Requires.Key, Requires.Ffmpeg)]
    [Fact]
    public async Task GeneratedVideos_ShowTheirLabels_TrackingRecoversTheGrades()
    {
        // Labels far apart, so a wrong video or a wrong motion model cannot pass by luck.
        MotilityRecord[] labels =
        [
            new("101", 60, 20, 10, 10),
            new("202", 5, 15, 30, 50),
            new("303", 25, 25, 25, 25),
        ];
        var options = new SyntheticDatasetOptions { Records = labels, Seed = 5 };
        var generated = await SyntheticDataset.WriteZipAsync(_temp.Combine("labels.zip"), options);
        await using var dataset = await VisemQcDataset.OpenAsync(generated.Path);

        foreach (var label in labels)
        {
            var frames = new List<byte[]>();
            await foreach (var frame in dataset.ReadFramesAsync(label.VideoId))
            {
                using (frame)
                {
                    frames.Add(frame.ToArray());
                }
            }

            var estimate = ParticleTracker.EstimateGrades(frames, options.Width, options.FrameRate);
            double[] truth = [label.RapidProgressive, label.SlowProgressive, label.NonProgressive, label.Immotile];

            // Tolerance: 10 percentage points per grade (40 particles, each 2.5 points; collisions break tracks).
            for (var grade = 0; grade < 4; grade++)
            {
                Assert.True(Math.Abs(estimate[grade] - truth[grade]) <= 10, $"video {label.VideoId} grade {"abcd"[grade]}: estimated {estimate[grade]:0.0}%, labelled {truth[grade]}% (all: {string.Join(", ", estimate.Select(e => e.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))})");
            }
        }
    }

    [Fact]
    public void GradeCounts_SplitParticlesInTheLabelledProportions()
    {
        Assert.Equal([24, 8, 4, 4], SyntheticVideoRendererCounts(new MotilityRecord("1", 60, 20, 10, 10), 40));
        Assert.Equal([14, 13, 13, 0], SyntheticVideoRendererCounts(new MotilityRecord("1", 33.3, 33.3, 33.3, 0.1), 40));
        Assert.Equal(40, SyntheticVideoRendererCounts(new MotilityRecord("1", 12.5, 12.5, 37.5, 37.5), 40).Sum());
    }

    [Fact]
    public void DrawRecords_IsReproducibleAndRealistic()
    {
        var records = SyntheticDataset.DrawRecords(65, seed: 1);

        Assert.Equal(records, SyntheticDataset.DrawRecords(65, seed: 1));
        Assert.NotEqual(records, SyntheticDataset.DrawRecords(65, seed: 2));
        Assert.Equal(65, records.Select(r => r.VideoId).Distinct().Count());
        Assert.All(records, r => Assert.Equal(100, r.Total, precision: 6));
        Assert.Contains(records, r => r.RapidProgressive != Math.Floor(r.RapidProgressive));
    }

    [Fact]
    public async Task InMemory_HasRecordsAndNoVideos()
    {
        MotilityRecord[] records = [new("623", 55.4, 12.1, 6, 26.5), new("923", 0.6, 3.2, 7.9, 88.3)];

        await using var dataset = SyntheticDataset.InMemory(records);

        Assert.Equal(VisemQcDatasetKind.Memory, dataset.Kind);
        Assert.Equal(records, dataset.Records);
        Assert.Equal(records[1], dataset["923"]);
        Assert.Empty(dataset.VideoIds);
        Assert.Equal(["623", "923"], dataset.Consistency.RecordsWithoutVideo);
        Assert.Throws<VisemQcVideoNotFoundException>(() => dataset.OpenVideo("623"));
        Assert.Throws<ArgumentException>(() => SyntheticDataset.InMemory([records[0], records[0]]));
    }

    [Fact]
    public async Task WriteZipAsync_FfmpegMissing_ThrowsTypedErrorAndLeavesNoFile()
    {
        var empty = Directory.CreateDirectory(_temp.Combine("no-ffmpeg")).FullName;
        var path = _temp.Combine("never.zip");

        await Assert.ThrowsAsync<VisemQcFfmpegNotFoundException>(() => SyntheticDataset.WriteZipAsync(path, new SyntheticDatasetOptions { FfmpegFolder = empty }));

        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    private static int[] SyntheticVideoRendererCounts(MotilityRecord record, int particles)
        => SyntheticVideoRenderer.GradeCounts(record, particles);

    private static uint Checksum(string root, string path)
        => Crc32.HashToUInt32(File.ReadAllBytes(Path.Combine(root, path)));
}
