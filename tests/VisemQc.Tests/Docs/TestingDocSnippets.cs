using VisemQc.Testing;

namespace VisemQc.Tests.Docs;

// The samples of docs/testing.md. The first is a complete downstream test class, as a user's test
// project would hold it: it runs here exactly as shown.

// begin-snippet: testing-downstream
/// <summary>The code under test: a toy motility score, the mean absolute change between frames.</summary>
public static class MotionEnergy
{
    public static async Task<double> ComputeAsync(VisemQcDataset dataset, string videoId)
    {
        byte[]? previous = null;
        double total = 0;
        var pairs = 0;
        await foreach (var frame in dataset.ReadFramesAsync(videoId, new FrameReadOptions { Width = 160 }))
        {
            using (frame)
            {
                if (previous is not null)
                {
                    var pixels = frame.Pixels;
                    long sum = 0;
                    for (var i = 0; i < pixels.Length; i++)
                        sum += Math.Abs(pixels[i] - previous[i]);
                    total += (double)sum / pixels.Length;
                    pairs++;
                }

                previous = frame.ToArray();
            }
        }

        return total / pairs;
    }
}

[Trait("Requires", "ffmpeg")] // it decodes videos; dotnet test --filter "Requires!=ffmpeg" leaves it out
public sealed class MotionEnergyTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("motion-energy-tests-").FullName;
    private SyntheticDatasetResult _generated = null!;

    // Three small videos whose spermatozoa move as labelled: mostly rapid, mixed, mostly immotile.
    public async Task InitializeAsync() => _generated = await SyntheticDataset.WriteZipAsync(
        Path.Combine(_folder, "visem-qc.zip"),
        new SyntheticDatasetOptions
        {
            Records = [new("101", 70, 10, 10, 10), new("202", 25, 25, 25, 25), new("303", 0, 5, 15, 80)],
            Duration = TimeSpan.FromSeconds(1),
            Seed = 1,
        });

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ComputeAsync_RanksVideosByTheirLabelledMotility()
    {
        await using var dataset = await VisemQcDataset.OpenAsync(_generated.Path);

        var scores = new List<(double Progressive, double Energy)>();
        foreach (var record in dataset.Records)
            scores.Add((record.Progressive, await MotionEnergy.ComputeAsync(dataset, record.VideoId)));

        // More progressive motility in the labels, more motion in the frames.
        var byLabel = scores.OrderBy(s => s.Progressive).Select(s => s.Energy).ToList();
        Assert.Equal(byLabel.Order(), byLabel);
    }
}
// end-snippet

public sealed class TestingInMemorySnippet
{
    [Fact]
    public async Task InMemory()
    {
        // begin-snippet: testing-in-memory
        await using var dataset = SyntheticDataset.InMemory(
        [
            new MotilityRecord("623", 55.4, 12.1, 6, 26.5),
            new MotilityRecord("923", 0.6, 3.2, 7.9, 88.3),
        ]);
        var meanProgressive = dataset.Records.Average(r => r.Progressive); // 35.65: no files, no ffmpeg
        // end-snippet

        Assert.Equal(35.65, meanProgressive, precision: 10);
    }
}
