using System.Globalization;

namespace VisemQc.Testing;

/// <summary>The container and codec of synthetic videos.</summary>
public enum SyntheticContainer
{
    /// <summary>Matroska with H.264, as the real archive is believed to hold.</summary>
    Mkv,

    /// <summary>AVI with MPEG-4 part 2.</summary>
    Avi,

    /// <summary>MP4 with H.264 and the moov atom at the end (not "faststart"), the hard case for streaming readers.</summary>
    Mp4,
}

/// <summary>How a synthetic video is kept in a zip.</summary>
public enum SyntheticStorage
{
    /// <summary>Stored without compression (read in place).</summary>
    Stored,

    /// <summary>Deflated (inflated once into the cache).</summary>
    Deflated,
}

/// <summary>What <see cref="SyntheticDataset.WriteZipAsync"/> and <see cref="SyntheticDataset.WriteFolderAsync"/> generates. Every default is documented; the same options and seed give the same dataset.</summary>
/// <remarks>The defaults: 5 videos of 2 s, 320x240 at 25 fps, MKV, stored in a zip.</remarks>
public sealed class SyntheticDatasetOptions
{
    /// <summary>
    /// What the built-in sample is: five 3-second 320x240 videos whose spermatozoa move as labelled, MKV
    /// (H.264) and AVI (MPEG-4), stored and deflated, with a CSV in the sibling VISEM dialect (';',
    /// decimal comma, byte order mark, CRLF) and fractional grades like the real means over laboratories.
    /// </summary>
    /// <remarks>Write it with <see cref="SyntheticDataset.WriteZipAsync"/> to reproduce the zip that <see cref="VisemQcDataset.OpenSampleAsync"/> opens. Each call returns new options, to change freely.</remarks>
    public static SyntheticDatasetOptions BuiltInSample => new()
    {
        Records =
        [
            new("58", 41.5, 18.3, 12.7, 27.5),
            new("107", 8.2, 14.6, 9.4, 67.8),
            new("340", 27, 22.9, 11.3, 38.9),
            new("623", 55.4, 12.1, 6, 26.5),
            new("923", 0.6, 3.2, 7.9, 88.3),
        ],
        Width = 320,
        Height = 240,
        FrameRate = 25,
        Duration = TimeSpan.FromSeconds(3),
        ParticlesPerVideo = 40,
        Containers = [SyntheticContainer.Mkv, SyntheticContainer.Avi, SyntheticContainer.Avi, SyntheticContainer.Mkv, SyntheticContainer.Mkv],
        Storage = [SyntheticStorage.Stored, SyntheticStorage.Stored, SyntheticStorage.Deflated, SyntheticStorage.Stored, SyntheticStorage.Deflated],
        Annotations = new AnnotationWriteOptions
        {
            Separator = ';',
            DecimalComma = true,
            WriteByteOrderMark = true,
            NewLine = "\r\n",
            Header = ["ID", "a (%)", "b (%)", "c (%)", "d (%)"],
        },
        Seed = 2026,
    };

    /// <summary>The number of videos (and records), when <see cref="Records"/> is not given.</summary>
    /// <value>Default 5.</value>
    public int VideoCount { get; set; } = 5;

    /// <summary>The labels to generate videos for (IDs and a/b/c/d), or <see langword="null"/> to draw them from the seed.</summary>
    /// <value>Default <see langword="null"/>: random IDs (3-digit numbers, not 1..N, like the real ones) and grades with one decimal summing to 100.</value>
    public IReadOnlyList<MotilityRecord>? Records { get; set; }

    /// <summary>The frame width in pixels (even).</summary>
    /// <value>Default 320.</value>
    public int Width { get; set; } = 320;

    /// <summary>The frame height in pixels (even).</summary>
    /// <value>Default 240.</value>
    public int Height { get; set; } = 240;

    /// <summary>Frames per second.</summary>
    /// <value>Default 25, as the DVD-sourced originals.</value>
    public int FrameRate { get; set; } = 25;

    /// <summary>Each video's length.</summary>
    /// <value>Default 2 seconds.</value>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The spermatozoa drawn in each video, split between the grades in the labelled proportions.</summary>
    /// <value>Default 40.</value>
    public int ParticlesPerVideo { get; set; } = 40;

    /// <summary>The containers, used in turn: video i gets <c>Containers[i % Count]</c>.</summary>
    /// <value>Default MKV only.</value>
    public IReadOnlyList<SyntheticContainer> Containers { get; set; } = [SyntheticContainer.Mkv];

    /// <summary>How videos are kept in a zip, used in turn like <see cref="Containers"/>; ignored for a folder.</summary>
    /// <value>Default stored only.</value>
    public IReadOnlyList<SyntheticStorage> Storage { get; set; } = [SyntheticStorage.Stored];

    // The folder that holds the CSV and videos/ inside the zip or folder, as in the real archive; kept for the kit's own tests.
    internal string RootFolder { get; set; } = "visem-qc";

    /// <summary>The annotation CSV's dialect.</summary>
    /// <value>Default: the defaults of <see cref="AnnotationWriteOptions"/>.</value>
    public AnnotationWriteOptions Annotations { get; set; } = new();

    /// <summary>The seed of everything random: IDs, grades, particle positions, directions and noise.</summary>
    /// <value>Default 0.</value>
    public int Seed { get; set; }

    /// <summary>The folder that holds ffmpeg, to encode the videos.</summary>
    /// <value>Default <see langword="null"/>: from the <c>PATH</c>.</value>
    public string? FfmpegFolder { get; set; }

    internal int FrameCount => (int)Math.Round(Duration.TotalSeconds * FrameRate);

    /// <summary>Throws with the bad value when an option is out of range; both writers call it.</summary>
    internal void Validate()
    {
        Check(VideoCount is >= 1 and <= 1000, nameof(VideoCount), VideoCount, "from 1 to 1000");
        Check(Width is >= 64 and <= 4096 && Width % 2 == 0, nameof(Width), Width, "even, from 64 to 4096");
        Check(Height is >= 64 and <= 4096 && Height % 2 == 0, nameof(Height), Height, "even, from 64 to 4096");
        Check(FrameRate is >= 1 and <= 120, nameof(FrameRate), FrameRate, "from 1 to 120");
        Check(FrameCount is >= 1 and <= 100_000, nameof(Duration), Duration, "long enough for one frame and at most 100,000 frames");
        Check(ParticlesPerVideo is >= 0 and <= 2000, nameof(ParticlesPerVideo), ParticlesPerVideo, "from 0 to 2000");
        Check(Containers is { Count: > 0 } && Containers.All(Enum.IsDefined), nameof(Containers), Containers?.Count, "a non-empty list of Mkv, Avi or Mp4");
        Check(Storage is { Count: > 0 } && Storage.All(Enum.IsDefined), nameof(Storage), Storage?.Count, "a non-empty list of Stored or Deflated");
        Check(!string.IsNullOrWhiteSpace(RootFolder) && !RootFolder.Contains('\\', StringComparison.Ordinal) && !RootFolder.Split('/').Any(s => s is "" or "." or ".."), nameof(RootFolder), RootFolder, "a relative folder such as 'visem-qc'");
        ArgumentNullException.ThrowIfNull(Annotations);
        Annotations.Validate();
        if (Records is not null)
        {
            Check(Records.Count > 0 && Records.Select(r => r.VideoId).Distinct(StringComparer.Ordinal).Count() == Records.Count, nameof(Records), Records.Count, "a non-empty list with distinct video IDs");
        }
    }

    private static void Check(bool valid, string name, object? value, string expected)
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} is {expected}; got {value}."));
        }
    }
}
