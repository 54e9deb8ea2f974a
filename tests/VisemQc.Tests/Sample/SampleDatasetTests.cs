using System.Globalization;
using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.Sample;

public sealed class SampleDatasetTests
{
    [Fact]
    public async Task OpenSampleAsync_HasRealLayoutMkvAndAviStoredAndDeflated()
    {
        await using var dataset = await VisemQcDataset.OpenSampleAsync();

        Assert.Equal(VisemQcDatasetKind.Zip, dataset.Kind);
        Assert.Equal("visem-qc/visem-qc.csv", dataset.AnnotationPath);
        Assert.Equal("visem-qc/videos", dataset.VideosFolder);
        Assert.True(dataset.Consistency.IsConsistent, dataset.Consistency.ToString());
        Assert.Equal(5, dataset.Records.Count);
        Assert.Equal(["58", "107", "340", "623", "923"], dataset.VideoIds);
        Assert.Equal(["avi", "mkv"], dataset.Videos.Select(v => v.Container).Distinct().Order());
        Assert.Equal([VideoStorage.Stored, VideoStorage.Deflated], dataset.Videos.Select(v => v.Storage).Distinct().Order());
        Assert.All(dataset.Records, r => Assert.InRange(r.Total, 99.5, 100.5));
        Assert.Contains(dataset.Records, r => r.RapidProgressive != Math.Floor(r.RapidProgressive));
        Assert.Equal(new MotilityRecord("623", 55.4, 12.1, 6, 26.5), dataset["623"]);
    }

    [Fact]
    public void SampleResource_IsAtMostAboutOneMegabyte()
    {
        var size = new FileInfo(RepositoryRoot.Combine("src", "VisemQc", "Sample", "visem-qc-sample.zip")).Length;

        Assert.InRange(size, 10_000, 1_100_000);
    }

    [Trait(Requires.Key, Requires.Ffmpeg)]
    [Fact]
    public async Task SampleVideos_AreRealDistinctVideosThatFfprobeDecodes()
    {
        using var temp = new TempFolder();
        await using var dataset = await VisemQcDataset.OpenSampleAsync();
        var fingerprints = new HashSet<string>();

        foreach (var video in dataset.Videos)
        {
            var path = temp.Combine($"{video.VideoId}.{video.Container}");
            await using (var source = await dataset.OpenVideoAsync(video.VideoId))
            await using (var target = File.Create(path))
            {
                await source.CopyToAsync(target);
            }

            var probe = ExternalTool.Run("ffprobe", temp.Path, "-v", "error", "-count_packets", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height,nb_read_packets", "-of", "csv=p=0", path).Trim();
            var fields = probe.Split(',');
            Assert.Equal(video.Container == "mkv" ? "h264" : "mpeg4", fields[0]);
            Assert.Equal(("320", "240"), (fields[1], fields[2]));
            Assert.Equal(75, int.Parse(fields[3], CultureInfo.InvariantCulture));
            Assert.True(fingerprints.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)))), "sample videos must differ");
        }
    }

    [Trait(Requires.Key, Requires.Ffmpeg)]
    [Fact]
    public async Task BuiltInSample_IsWhatTheTestKitGeneratesFromItsSpecification()
    {
        using var temp = new TempFolder();
        var regenerated = await VisemQc.Testing.SyntheticDataset.WriteZipAsync(Path.Combine(temp.Path, "again.zip"), VisemQc.Testing.SyntheticDatasetOptions.BuiltInSample);
        await using var embedded = await VisemQcDataset.OpenSampleAsync();
        await using var again = await VisemQcDataset.OpenAsync(regenerated.Path, new VisemQcDatasetOptions { CacheDirectory = Path.Combine(temp.Path, "cache") });

        Assert.Equal(embedded.Records, again.Records);
        Assert.Equal(embedded.Videos.Select(v => (v.Path, v.Storage)), again.Videos.Select(v => (v.Path, v.Storage)));
        foreach (var id in embedded.VideoIds)
        {
            var (a, b) = (await embedded.ProbeVideoAsync(id), await again.ProbeVideoAsync(id));
            Assert.Equal((a.Codec, a.Width, a.Height, a.FrameCount), (b.Codec, b.Width, b.Height, b.FrameCount));
        }

        var script = File.ReadAllText(RepositoryRoot.Combine("src", "VisemQc", "Sample", "generate-sample.sh"));
        Assert.Contains("sample --regenerate-builtin", script, StringComparison.Ordinal);
    }
}
