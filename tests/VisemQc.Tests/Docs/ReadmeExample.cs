namespace VisemQc.Tests.Docs;

/// <summary>The README's example (snippet readme-example), compiled and run on the sample.</summary>
[Collection(ConsoleTests.Name)]
public sealed class ReadmeExample
{
    [Fact]
    public async Task ReadmeExample_RunsOnTheSample()
    {
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            // begin-snippet: readme-example
            await using var dataset = await VisemQcDataset.OpenSampleAsync(); // or OpenAsync("visem-qc.zip")

            foreach (var record in dataset.Records)
                Console.WriteLine($"{record.VideoId}: a {record.RapidProgressive}%, a+b {record.Progressive}%");

            Console.WriteLine(dataset.Consistency);           // records without video, videos without record

            await using var video = dataset.OpenVideo("623"); // read-only, seekable, no copy for stored entries
            Console.WriteLine($"623 is {video.Length} bytes");
            // end-snippet
        }
        finally
        {
            Console.SetOut(console);
        }

        Assert.Contains("623: a 55.4%, a+b 67.5%", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("623 is 198633 bytes", output.ToString(), StringComparison.Ordinal);
    }
}
