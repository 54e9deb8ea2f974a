using System.Globalization;
using System.Net;
using System.Text;

namespace VisemQc.Interactive;

/// <summary>
/// The HTML that notebooks show for VisemQc's types: plain tables and elements, every value encoded,
/// no script, so that the output stays readable in any notebook front end and in a saved .ipynb.
/// </summary>
internal static class VisemQcHtml
{
    /// <summary>The most records a table shows before it says how many more there are.</summary>
    public const int MaxRows = 100;

    public static string Dataset(VisemQcDataset dataset)
    {
        var html = new StringBuilder("<div class=\"visemqc-dataset\">");
        html.Append("<p><b>VISEM-QC</b> ").Append(Encode(dataset.Kind.ToString().ToLowerInvariant())).Append(" <code>").Append(Encode(dataset.Path)).Append("</code>: ")
            .Append(Count(dataset.Records.Count, "record")).Append(", ").Append(Count(dataset.Videos.Count, "video")).Append(", ")
            .Append(dataset.Consistency.IsConsistent ? "consistent" : "<b>not consistent</b>").Append("</p>");
        if (!dataset.Consistency.IsConsistent)
        {
            html.Append(Consistency(dataset.Consistency));
        }

        html.Append(Records(dataset.Records));
        return html.Append("</div>").ToString();
    }

    public static string Records(IEnumerable<MotilityRecord> records)
    {
        var html = new StringBuilder("<table class=\"visemqc-records\"><thead><tr>")
            .Append("<th>Video</th><th title=\"rapid progressive\">a %</th><th title=\"slow progressive\">b %</th><th title=\"non-progressive\">c %</th><th title=\"immotile\">d %</th><th title=\"progressive\">a+b %</th>")
            .Append("</tr></thead><tbody>");
        var count = 0;
        foreach (var record in records)
        {
            if (++count <= MaxRows)
            {
                html.Append("<tr><td>").Append(Encode(record.VideoId)).Append("</td>")
                    .Append(Cell(record.RapidProgressive)).Append(Cell(record.SlowProgressive)).Append(Cell(record.NonProgressive)).Append(Cell(record.Immotile))
                    .Append("<td><b>").Append(Number(record.Progressive)).Append("</b></td></tr>");
            }
        }

        html.Append("</tbody></table>");
        if (count > MaxRows)
        {
            html.Append("<p>").Append(Count(count - MaxRows, "more record")).Append(" not shown.</p>");
        }

        return html.ToString();
    }

    public static string Record(MotilityRecord record) => Records([record]);

    public static string Consistency(DatasetConsistencyReport report)
    {
        if (report.IsConsistent)
        {
            return "<p class=\"visemqc-consistency\">Consistent: every record has one video and every video has a record.</p>";
        }

        var html = new StringBuilder("<table class=\"visemqc-consistency\"><tbody>");
        Row(html, "Records without video", report.RecordsWithoutVideo);
        Row(html, "Videos without record", report.VideosWithoutRecord);
        Row(html, "IDs with several videos", report.DuplicateVideoIds.Select(c => $"{c.VideoId} ({string.Join(", ", c.Paths)})").ToArray());
        Row(html, "Unsafe zip entries ignored", report.IgnoredEntries);
        return html.Append("</tbody></table>").ToString();
    }

    public static string Frame(VideoFrame frame)
    {
        var png = Convert.ToBase64String(frame.ToPng());
        var description = Encode(frame.ToString());
        return $"<figure class=\"visemqc-frame\"><img src=\"data:image/png;base64,{png}\" width=\"{frame.Width}\" height=\"{frame.Height}\" alt=\"{description}\" /><figcaption>{description}</figcaption></figure>";
    }

    public static string Progress(DownloadProgress progress)
    {
        var html = new StringBuilder("<div class=\"visemqc-progress\"><b>").Append(Encode(progress.Phase.ToString())).Append("</b> ");
        if (progress.Fraction is { } fraction)
        {
            html.Append("<progress max=\"1\" value=\"").Append(fraction.ToString("0.####", CultureInfo.InvariantCulture)).Append("\"></progress> ")
                .Append((fraction * 100).ToString("0.0", CultureInfo.InvariantCulture)).Append("%, ");
        }
        else
        {
            html.Append("<progress></progress> ");
        }

        html.Append(Bytes(progress.BytesDone));
        if (progress.TotalBytes is { } total)
        {
            html.Append(" of ").Append(Bytes(total));
        }

        if (progress.BytesPerSecond > 0)
        {
            html.Append(", ").Append(Bytes((long)progress.BytesPerSecond)).Append("/s");
        }

        if (progress.EstimatedRemaining is { } remaining && progress.Phase != DownloadPhase.Completed)
        {
            html.Append(", ").Append(Duration(remaining)).Append(" left");
        }

        return html.Append("</div>").ToString();
    }

    public static string Download(DownloadResult result)
    {
        var html = new StringBuilder("<table class=\"visemqc-download\"><tbody>");
        Row(html, "File", result.Path);
        Row(html, "Source", result.Source?.ToString() ?? "(already there)");
        Row(html, "Length", Bytes(result.Length));
        Row(html, "Fetched", Bytes(result.BytesFetched));
        Row(html, "Reused", Bytes(result.BytesReused));
        Row(html, "Discarded", Bytes(result.BytesDiscarded));
        Row(html, "Resumes, restarts", $"{result.Resumes}, {result.Restarts}");
        Row(html, "Duration", Duration(result.Duration));
        html.Append("</tbody></table>");
        return html.Append(Verification(result.Verification)).ToString();
    }

    public static string Verification(VerificationReport report)
    {
        var html = new StringBuilder("<table class=\"visemqc-verification\"><tbody>");
        Row(html, "File", report.Path);
        Row(html, "Outcome", report.Outcome.ToString());
        Row(html, "Blocks checked", report.BlocksChecked.ToString(CultureInfo.InvariantCulture));
        Row(html, "Bad blocks", report.BadBlocks.Count == 0 ? "none" : string.Join(", ", report.BadBlocks));
        Row(html, "Repaired", Bytes(report.BytesRepaired));
        Row(html, "Zip entries checked", report.ZipEntriesChecked.ToString(CultureInfo.InvariantCulture));
        return html.Append("</tbody></table>").ToString();
    }

    private static void Row(StringBuilder html, string label, IReadOnlyList<string> items)
    {
        if (items.Count > 0)
        {
            Row(html, label, string.Join(", ", items));
        }
    }

    private static void Row(StringBuilder html, string label, string value)
        => html.Append("<tr><th>").Append(Encode(label)).Append("</th><td>").Append(Encode(value)).Append("</td></tr>");

    private static string Cell(double value) => "<td>" + Number(value) + "</td>";

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Count(int count, string noun) => count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };

    private static string Duration(TimeSpan time) => time.TotalHours >= 1
        ? time.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : time.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
