using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.Docs;

/// <summary>The README's example is this file's snippet, compiled and run here, and copied verbatim into the README.</summary>
public sealed class ReadmeExampleTests
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
        Assert.Contains("623 is 67983 bytes", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_ContainsTheSnippetVerbatim()
    {
        var source = File.ReadAllLines(RepositoryRoot.Combine("tests", "VisemQc.Tests", "Docs", "ReadmeExampleTests.cs"));
        var start = Array.FindIndex(source, l => l.Trim() == "// begin-snippet: readme-example") + 1;
        var end = Array.FindIndex(source, l => l.Trim() == "// end-snippet");
        var indent = source[start].Length - source[start].TrimStart().Length;
        var snippet = string.Join('\n', source[start..end].Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));

        var readme = File.ReadAllText(RepositoryRoot.Combine("README.md")).ReplaceLineEndings("\n");

        Assert.Contains("```csharp\n" + snippet + "\n```", readme, StringComparison.Ordinal);
    }
}
