using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.Docs;

/// <summary>
/// The code samples of docs/*.md, compiled and run here. Each region between <c>// begin-snippet: name</c>
/// and <c>// end-snippet</c> appears verbatim in the docs after <c>&lt;!-- snippet: name --&gt;</c>;
/// <see cref="DocsSnippetTests"/> checks that they agree.
/// </summary>
[Collection(ConsoleTests.Name)]
public sealed class DocSnippets : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly StringWriter _console = new();
    private readonly TextWriter _originalConsole = Console.Out;

    public DocSnippets() => Console.SetOut(_console);

    public void Dispose()
    {
        Console.SetOut(_originalConsole);
        _temp.Dispose();
    }

    [Fact]
    public void AnnotationsRead()
    {
        var path = _temp.Combine("visem-qc.csv");
        File.WriteAllText(path, "\uFEFFID;a;b;c;d\r\n623;55,4;12,1;6;26,5\r\n");

        // begin-snippet: annotations-read
        AnnotationReadResult result = AnnotationCsv.Read(path); // strict: throws at the first problem

        foreach (MotilityRecord record in result.Records)
            Console.WriteLine($"{record.VideoId}: a+b = {record.Progressive}%, d = {record.Immotile}%");
        // end-snippet

        Assert.Equal("623: a+b = 67.5%, d = 26.5%", _console.ToString().Trim());
    }

    [Fact]
    public void AnnotationsCatch()
    {
        var path = _temp.Combine("visem-qc.csv");
        File.WriteAllText(path, "ID,a,b,c,d\n623,55.4,twelve,6,26.5\n");

        // begin-snippet: annotations-catch
        try
        {
            AnnotationCsv.Read(path);
        }
        catch (VisemQcFormatException error)
        {
            // visem-qc.csv: line 2, column 3 (b, slow progressive): The grade is not a number. ... Found 'twelve'.
            Console.WriteLine(error.Message);
            Console.WriteLine($"{error.Kind} at {error.FilePath}:{error.Line}:{error.Column} '{error.RawValue}'");
        }
        // end-snippet

        Assert.Contains($"NotANumber at {path}:2:3 'twelve'", _console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnnotationsLenient()
    {
        var text = "ID,a,b,c,d\n623,55.4,12.1,6,26.5\n923,0.6,3.2,7.9\n17,10,20,30,45\n";

        // begin-snippet: annotations-lenient
        var options = new AnnotationOptions { Validation = AnnotationValidation.Lenient, SumTolerance = 1.0 };
        var result = AnnotationCsv.Parse(text, "labels.csv", options);

        Console.WriteLine($"{result.Records.Count} valid rows");
        Console.WriteLine(result.Report); // labels.csv: 3 rows, 2 problem(s): one line per problem
        // end-snippet

        Assert.Contains("1 valid rows", _console.ToString(), StringComparison.Ordinal);
        Assert.Contains("labels.csv: 3 rows, 2 problem(s):", _console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnnotationsWrite()
    {
        var path = _temp.Combine("out.csv");

        // begin-snippet: annotations-write
        MotilityRecord[] records =
        [
            new("623", rapidProgressive: 55.4, slowProgressive: 12.1, nonProgressive: 6, immotile: 26.5),
            new("923", 0.6, 3.2, 7.9, 88.3),
        ];
        var dialect = new AnnotationWriteOptions { Separator = ';', DecimalComma = true, WriteByteOrderMark = true };
        AnnotationCsv.Write(path, records, dialect);          // ID;a;b;c;d  623;55,4;12,1;6;26,5 ...

        var readBack = AnnotationCsv.Read(path).Records;       // equal to records, whatever the dialect
        // end-snippet

        Assert.Equal(records, readBack);
    }

    [Fact]
    public async Task DatasetOpen()
    {
        var zipPath = DatasetBuilder.Standard().WriteZip(_temp.Combine("visem-qc.zip"));
        var cache = _temp.Combine("cache");

        // begin-snippet: dataset-open
        var options = new VisemQcDatasetOptions
        {
            Annotations = new AnnotationOptions { SumTolerance = 0.5 },
            CacheDirectory = cache, // where deflated videos are inflated once; default: $VISEMQC_HOME/cache
        };
        await using var dataset = await VisemQcDataset.OpenAsync(zipPath, options);

        Console.WriteLine(dataset);                 // VISEM-QC zip /data/visem-qc.zip: 65 records, 65 videos, consistent
        Console.WriteLine(dataset.Consistency);     // what does not match up, if anything
        MotilityRecord record = dataset["623"];     // throws VisemQcVideoNotFoundException for an unknown ID
        if (dataset.TryGetVideo("623", out VisemQcVideo? video))
            Console.WriteLine($"{video.Path}: {video.Length} bytes, {video.Container}, {video.Storage}");
        // end-snippet

        Assert.Equal(12.5, record.RapidProgressive);
        Assert.Contains("visem-qc/videos/623.mkv: 300000 bytes, mkv, Stored", _console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatasetVideo()
    {
        var zipPath = DatasetBuilder.Standard().WriteZip(_temp.Combine("visem-qc.zip"));
        await using var dataset = await VisemQcDataset.OpenAsync(zipPath, new VisemQcDatasetOptions { CacheDirectory = _temp.Combine("cache") });
        var copyPath = _temp.Combine("923.avi");

        // begin-snippet: dataset-video
        // A stored entry is a window over the zip: nothing is copied. A deflated one is inflated once
        // into the cache (its CRC-32 checked) and read from there. Either way the stream seeks.
        await using (Stream video = await dataset.OpenVideoAsync("923"))
        {
            video.Seek(-1024, SeekOrigin.End);
            var tail = new byte[1024];
            await video.ReadExactlyAsync(tail);

            video.Position = 0;
            await using var copy = File.Create(copyPath);
            await video.CopyToAsync(copy);
        }
        // end-snippet

        Assert.Equal(300_000, new FileInfo(copyPath).Length);
    }

    [Fact]
    public async Task DatasetSample()
    {

        // begin-snippet: dataset-sample
        await using var sample = await VisemQcDataset.OpenSampleAsync(); // no network, no files to find
        foreach (var video in sample.Videos)
            Console.WriteLine($"{video.VideoId}: {video.Container}, {video.Storage}, a+b {sample[video.VideoId].Progressive}%");
        // end-snippet

        Assert.Equal(5, _console.ToString().Trim().Split('\n').Length);
    }
}
