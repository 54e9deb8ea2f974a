using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.Video;

/// <summary>
/// Three 60-frame videos whose frames show their own index (MKV H.264 with B-frames, AVI MPEG-4 with
/// B-frames, MP4 H.264 with the moov atom at the end), laid out three ways: a zip with every video
/// stored, a zip with every video deflated, and a folder. Made once for all the video tests.
/// </summary>
public sealed class IndexedVideosFixture : IDisposable
{
    public const int FrameCount = 60;

    private readonly TempFolder _temp = new("visemqc-video-");

    public IndexedVideosFixture()
    {
        var sources = _temp.Combine("sources");
        Directory.CreateDirectory(sources);
        var mkv = IndexedVideo.Create(Path.Combine(sources, "1.mkv"), FrameCount, "-c:v libx264 -preset ultrafast -bf 3 -g 12 -x264-params threads=1");
        var avi = IndexedVideo.Create(Path.Combine(sources, "2.avi"), FrameCount, "-c:v mpeg4 -q:v 4 -bf 2 -g 12");
        var mp4 = IndexedVideo.Create(Path.Combine(sources, "3.mp4"), FrameCount, "-c:v libx264 -preset ultrafast -bf 3 -g 12 -x264-params threads=1");
        const string Csv = "ID;a;b;c;d\n1;10;20;30;40\n2;25;25;25;25\n3;40;30;20;10\n";

        DatasetBuilder Layout(bool deflate) => new DatasetBuilder()
            .Add("visem-qc/visem-qc.csv", Csv)
            .Add("visem-qc/videos/1.mkv", mkv, deflate)
            .Add("visem-qc/videos/2.avi", avi, deflate)
            .Add("visem-qc/videos/3.mp4", mp4, deflate);

        StoredZip = Layout(deflate: false).WriteZip(_temp.Combine("stored.zip"));
        DeflatedZip = Layout(deflate: true).WriteZip(_temp.Combine("deflated.zip"));
        Folder = Layout(deflate: false).WriteFolder(_temp.Combine("folder"));
        CacheDirectory = _temp.Combine("cache");
    }

    public string StoredZip { get; }

    public string DeflatedZip { get; }

    public string Folder { get; }

    public string CacheDirectory { get; }

    public string Root => _temp.Path;

    public string PathOf(string layout) => layout switch
    {
        "stored" => StoredZip,
        "deflated" => DeflatedZip,
        "folder" => Folder,
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, null),
    };

    public Task<VisemQcDataset> OpenAsync(string layout, VisemQcDatasetOptions? options = null)
    {
        options ??= new VisemQcDatasetOptions();
        options.CacheDirectory = CacheDirectory;
        return VisemQcDataset.OpenAsync(PathOf(layout), options);
    }

    public void Dispose() => _temp.Dispose();
}
