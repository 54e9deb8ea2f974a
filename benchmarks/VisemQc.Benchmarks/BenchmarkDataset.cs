using System.Globalization;
using System.Text;

namespace VisemQc.Benchmarks;

/// <summary>
/// Archives laid out like the published one: <c>visem-qc/visem-qc.csv</c> (ID,a,b,c,d with fractional
/// grades summing to 100) followed by 65 stored videos <c>visem-qc/videos/&lt;id&gt;.mkv</c>, written to a
/// temporary folder that the caller deletes.
/// </summary>
internal static class BenchmarkDataset
{
    public const int VideoCount = 65;
    public const string CsvPath = "visem-qc/visem-qc.csv";

    /// <summary>65 distinct IDs (numeric order) and their CSV, the same for a given seed.</summary>
    public static (string[] Ids, byte[] Csv) Annotations(int seed = 623)
    {
        var random = new Random(seed);
        int[] pool = Enumerable.Range(1, 1200).ToArray();
        random.Shuffle(pool);
        string[] ids = pool.Take(VideoCount).Order().Select(id => id.ToString(CultureInfo.InvariantCulture)).ToArray();

        var csv = new StringBuilder("ID,a,b,c,d\n");
        foreach (string id in ids)
        {
            // Three cut points in hundredths of a percent: four grades that sum to exactly 100.
            int[] cuts = [random.Next(10_001), random.Next(10_001), random.Next(10_001)];
            Array.Sort(cuts);
            csv.Append(CultureInfo.InvariantCulture, $"{id},{Grade(cuts[0])},{Grade(cuts[1] - cuts[0])},{Grade(cuts[2] - cuts[1])},{Grade(10_000 - cuts[2])}\n");
        }

        return (ids, Encoding.UTF8.GetBytes(csv.ToString()));

        static string Grade(int hundredths) => (hundredths / 100.0).ToString("0.##", CultureInfo.InvariantCulture);
    }

    public static string VideoPath(string id) => $"visem-qc/videos/{id}.mkv";

    /// <summary>
    /// Writes the CSV and 65 videos whose data are holes (sparse file), sized so that the archive is about
    /// <paramref name="approximateLength"/> bytes; video sizes vary by up to ±20 %.
    /// </summary>
    public static WrittenZip WriteSparse(string path, long approximateLength, int seed = 623)
    {
        var (ids, csv) = Annotations(seed);
        var random = new Random(seed + 1);
        long mean = (approximateLength - csv.Length) / VideoCount;
        return DatasetZipWriter.Write(path, [
            ZipEntrySpec.FromBytes(CsvPath, csv),
            .. ids.Select(id => ZipEntrySpec.Hole(VideoPath(id), (long)(mean * (0.8 + (0.4 * random.NextDouble()))))),
        ]);
    }

    /// <summary>A new, empty folder under the system's temporary folder.</summary>
    public static string CreateTempFolder(string purpose)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"visemqc-bench-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static void DeleteFolder(string? folder)
    {
        if (folder is not null && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static string FormatBytes(long bytes) => bytes switch
    {
        >= 1_000_000_000 => (bytes / 1e9).ToString("0.00 GB", CultureInfo.InvariantCulture),
        >= 1_000_000 => (bytes / 1e6).ToString("0.0 MB", CultureInfo.InvariantCulture),
        _ => bytes.ToString("N0", CultureInfo.InvariantCulture) + " B",
    };
}
