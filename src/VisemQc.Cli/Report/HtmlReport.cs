using System.Globalization;
using System.Net;
using System.Text;

namespace VisemQc.Cli.Report;

/// <summary>
/// Renders a <see cref="ReportModel"/> as one self-contained HTML page: inline CSS, inline SVG
/// charts and thumbnails as data URIs, no script and nothing fetched, so it opens offline and can be
/// mailed as one file. Element IDs and classes (<c>#motility-chart .bar</c>,
/// <c>#progressive-histogram .bin</c>, <c>#records-table</c>, <c>#thumbnails figure</c>) are stable.
/// </summary>
internal static class HtmlReport
{
    /// <summary>WHO 1999 grades, in stacking order, with their colours (colour-blind safe: green to grey).</summary>
    private static readonly (string Grade, string Name, string Colour)[] Grades =
    [
        ("a", "rapid progressive", "#1b7837"),
        ("b", "slow progressive", "#7fbf7b"),
        ("c", "non-progressive", "#f1a340"),
        ("d", "immotile", "#bababa"),
    ];

    private const int LabelWidth = 110;
    private const int PlotWidth = 560;
    private const int RowHeight = 18;
    private const int BarHeight = 13;

    public static string Render(ReportModel model)
    {
        var html = new StringBuilder(64 * 1024);
        var name = Path.GetFileName(model.DatasetPath.TrimEnd('/', '\\'));
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>VISEM-QC report: {E(name)}</title>
            <style>
            body {"{"} font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 980px; padding: 0 1rem; color: #222; {"}"}
            h1 {"{"} font-size: 1.6rem; margin-bottom: .2rem; {"}"}
            h2 {"{"} font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; {"}"}
            .meta, figcaption, .note {"{"} color: #555; {"}"}
            table {"{"} border-collapse: collapse; font-variant-numeric: tabular-nums; {"}"}
            th, td {"{"} padding: .2rem .6rem; border-bottom: 1px solid #eee; text-align: right; {"}"}
            th:first-child, td:first-child, .text {"{"} text-align: left; {"}"}
            thead th {"{"} border-bottom: 2px solid #ccc; {"}"}
            svg text {"{"} font: 11px system-ui, sans-serif; fill: #333; {"}"}
            #thumbnails {"{"} display: flex; flex-wrap: wrap; gap: 12px; {"}"}
            figure {"{"} margin: 0; width: {ReportBuilder.ThumbnailWidth}px; {"}"}
            figure img {"{"} width: {ReportBuilder.ThumbnailWidth}px; display: block; background: #eee; {"}"}
            .ok {"{"} color: #1b7837; {"}"} .problem {"{"} color: #b2182b; {"}"}
            </style>
            </head>
            <body>
            <h1>VISEM-QC motility report</h1>
            <p class="meta">{E(model.DatasetPath)} · {model.Records.Count} records · {model.Videos.Count} videos · generated {model.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC by VisemQc {E(model.ToolVersion)}</p>
            <p>Grades follow the WHO 1999 criteria: <b>a</b> rapid progressive, <b>b</b> slow progressive, <b>c</b> non-progressive, <b>d</b> immotile, each as a percentage of the spermatozoa assessed; <b>a+b</b> is progressive motility.</p>

            """);
        AppendChart(html, model.Records);
        AppendDistribution(html, model.Records);
        AppendRecords(html, model);
        AppendThumbnails(html, model);
        AppendConsistency(html, model);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The records sorted by progressive motility, highest first; ties keep the dataset's order.</summary>
    public static IReadOnlyList<MotilityRecord> ByProgressive(IEnumerable<MotilityRecord> records) =>
        [.. records.OrderByDescending(r => r.Progressive)];

    private static void AppendChart(StringBuilder html, IReadOnlyList<MotilityRecord> records)
    {
        var sorted = ByProgressive(records);
        const int top = 34;
        int height = top + (sorted.Count * RowHeight) + 26;
        int width = LabelWidth + PlotWidth + 60;
        html.Append(CultureInfo.InvariantCulture, $"""
            <section id="chart">
            <h2>Motility per video, sorted by progressive motility (a+b)</h2>
            <svg id="motility-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="Stacked bars of grades a, b, c and d for each of {sorted.Count} videos">

            """);
        for (int i = 0; i < Grades.Length; i++)
        {
            var (grade, gradeName, colour) = Grades[i];
            int x = LabelWidth + (i * 140);
            html.Append(CultureInfo.InvariantCulture, $"""<g class="legend"><rect x="{x}" y="4" width="12" height="12" fill="{colour}"/><text x="{x + 16}" y="14">{grade}: {gradeName}</text></g>""").Append('\n');
        }

        for (int row = 0; row < sorted.Count; row++)
        {
            var record = sorted[row];
            int y = top + (row * RowHeight);
            html.Append(CultureInfo.InvariantCulture, $"""<g class="bar" data-video-id="{E(record.VideoId)}" data-progressive="{N(record.Progressive)}"><title>{E(record.VideoId)}: a {N(record.RapidProgressive)}%, b {N(record.SlowProgressive)}%, c {N(record.NonProgressive)}%, d {N(record.Immotile)}%; a+b {N(record.Progressive)}%</title>""");
            html.Append(CultureInfo.InvariantCulture, $"""<text x="{LabelWidth - 6}" y="{y + BarHeight - 2}" text-anchor="end">{E(record.VideoId)}</text>""");
            // Scaled by the record's total, which is 100 for a clean record and close to it otherwise.
            double total = Math.Max(record.Total, 1e-9);
            double x = LabelWidth;
            double[] values = [record.RapidProgressive, record.SlowProgressive, record.NonProgressive, record.Immotile];
            for (int g = 0; g < values.Length; g++)
            {
                double w = values[g] / total * PlotWidth;
                html.Append(CultureInfo.InvariantCulture, $"""<rect class="grade-{Grades[g].Grade}" x="{x:0.##}" y="{y}" width="{w:0.##}" height="{BarHeight}" fill="{Grades[g].Colour}"/>""");
                x += w;
            }

            html.Append(CultureInfo.InvariantCulture, $"""<text x="{LabelWidth + PlotWidth + 6}" y="{y + BarHeight - 2}">{N(record.Progressive)}</text></g>""").Append('\n');
        }

        int axisY = top + (sorted.Count * RowHeight) + 4;
        for (int tick = 0; tick <= 100; tick += 25)
        {
            double x = LabelWidth + (tick / 100.0 * PlotWidth);
            html.Append(CultureInfo.InvariantCulture, $"""<g class="tick"><line x1="{x:0.##}" y1="{top - 4}" x2="{x:0.##}" y2="{axisY}" stroke="#ccc" stroke-dasharray="2,3"/><text x="{x:0.##}" y="{axisY + 14}" text-anchor="middle">{tick}%</text></g>""").Append('\n');
        }

        html.Append(CultureInfo.InvariantCulture, $"""<text x="{LabelWidth + PlotWidth + 6}" y="{top - 8}">a+b</text>""").Append("\n</svg>\n</section>\n");
    }

    private static void AppendDistribution(StringBuilder html, IReadOnlyList<MotilityRecord> records)
    {
        const int bins = 10, plotHeight = 160, binWidth = 52, left = 40, top = 10;
        var counts = new int[bins];
        foreach (var record in records)
        {
            counts[Math.Clamp((int)(record.Progressive / 10), 0, bins - 1)]++;
        }

        int most = Math.Max(1, counts.Max());
        int width = left + (bins * binWidth) + 10, height = top + plotHeight + 40;
        html.Append(CultureInfo.InvariantCulture, $"""
            <section id="distribution">
            <h2>Distribution of progressive motility (a+b)</h2>
            <svg id="progressive-histogram" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="Histogram of a+b in bins of 10 percentage points">

            """);
        for (int bin = 0; bin < bins; bin++)
        {
            double h = counts[bin] / (double)most * plotHeight;
            int x = left + (bin * binWidth);
            string range = bin == bins - 1 ? $"{bin * 10}–100%" : $"{bin * 10}–{(bin * 10) + 10}%";
            html.Append(CultureInfo.InvariantCulture, $"""<g class="bin" data-count="{counts[bin]}"><title>a+b {range}: {counts[bin]} videos</title><rect x="{x + 2}" y="{top + plotHeight - h:0.##}" width="{binWidth - 4}" height="{h:0.##}" fill="#4d9221"/>""");
            if (counts[bin] > 0)
            {
                html.Append(CultureInfo.InvariantCulture, $"""<text x="{x + (binWidth / 2)}" y="{top + plotHeight - h - 3:0.##}" text-anchor="middle">{counts[bin]}</text>""");
            }

            html.Append(CultureInfo.InvariantCulture, $"""<text x="{x + (binWidth / 2)}" y="{top + plotHeight + 14}" text-anchor="middle">{range[..^1]}</text></g>""").Append('\n');
        }

        html.Append(CultureInfo.InvariantCulture, $"""<text x="{left + (bins * binWidth / 2)}" y="{top + plotHeight + 32}" text-anchor="middle">a+b, % (bins of 10 points; the last includes 100)</text>""").Append("\n</svg>\n");
        if (records.Count > 0)
        {
            var values = records.Select(r => r.Progressive).Order().ToArray();
            double mean = values.Average();
            double sd = values.Length > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)) : 0;
            double median = values.Length % 2 == 1 ? values[values.Length / 2] : (values[(values.Length / 2) - 1] + values[values.Length / 2]) / 2;
            html.Append(CultureInfo.InvariantCulture, $"""
                <table id="progressive-summary"><thead><tr><th>n</th><th>mean</th><th>SD</th><th>median</th><th>min</th><th>max</th></tr></thead>
                <tbody><tr><td>{values.Length}</td><td>{N(mean)}</td><td>{N(sd)}</td><td>{N(median)}</td><td>{N(values[0])}</td><td>{N(values[^1])}</td></tr></tbody></table>

                """);
        }

        html.Append("</section>\n");
    }

    private static void AppendRecords(StringBuilder html, ReportModel model)
    {
        var videos = model.Videos.ToDictionary(v => v.Video.VideoId, StringComparer.Ordinal);
        html.Append("""
            <section id="records">
            <h2>Records</h2>
            <table id="records-table">
            <thead><tr><th>video</th><th>a %</th><th>b %</th><th>c %</th><th>d %</th><th>a+b %</th><th class="text">file</th><th>frames</th><th>duration</th><th>size</th></tr></thead>
            <tbody>

            """);
        foreach (var record in model.Records)
        {
            videos.TryGetValue(record.VideoId, out var video);
            var probe = video?.Probe;
            html.Append(CultureInfo.InvariantCulture, $"""<tr data-video-id="{E(record.VideoId)}"><td>{E(record.VideoId)}</td><td>{N(record.RapidProgressive)}</td><td>{N(record.SlowProgressive)}</td><td>{N(record.NonProgressive)}</td><td>{N(record.Immotile)}</td><td><b>{N(record.Progressive)}</b></td>""");
            html.Append(video is null ? """<td class="text problem">missing</td>""" : $"""<td class="text">{E(video.Video.Path)}</td>""");
            html.Append(probe is null
                ? "<td></td><td></td><td></td>"
                : string.Create(CultureInfo.InvariantCulture, $"<td>{probe.FrameCount}</td><td>{probe.Duration.TotalSeconds:0.0} s</td><td>{probe.Width}×{probe.Height}</td>"));
            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void AppendThumbnails(StringBuilder html, ReportModel model)
    {
        var records = model.Records.ToDictionary(r => r.VideoId, StringComparer.Ordinal);
        html.Append("<section>\n<h2>Videos: the first frame of each</h2>\n");
        if (model.VideoNote is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"""<p class="note">{E(model.VideoNote)}</p>""").Append('\n');
        }

        html.Append("<div id=\"thumbnails\">\n");
        foreach (var video in model.Videos)
        {
            var caption = records.TryGetValue(video.Video.VideoId, out var record) ? $"{video.Video.VideoId} · a+b {N(record.Progressive)}%" : $"{video.Video.VideoId} · no record";
            html.Append(CultureInfo.InvariantCulture, $"""<figure data-video-id="{E(video.Video.VideoId)}">""");
            if (video.ThumbnailPng is { } png)
            {
                html.Append(CultureInfo.InvariantCulture, $"""<img alt="First frame of video {E(video.Video.VideoId)}" src="data:image/png;base64,{Convert.ToBase64String(png)}">""");
            }

            html.Append(CultureInfo.InvariantCulture, $"<figcaption>{E(caption)}");
            if (video.Problem is not null)
            {
                html.Append(CultureInfo.InvariantCulture, $"""<br><span class="problem">{E(video.Problem)}</span>""");
            }

            html.Append("</figcaption></figure>\n");
        }

        html.Append("</div>\n</section>\n");
    }

    private static void AppendConsistency(StringBuilder html, ReportModel model)
    {
        var consistency = model.Consistency;
        html.Append("<section id=\"consistency\">\n<h2>Consistency of records and videos</h2>\n");
        html.Append(consistency.IsConsistent
            ? $"""<p class="ok">Consistent: every record has a video and every video a record.</p>"""
            : """<p class="problem">Not consistent:</p>""").Append('\n');
        AppendList(html, "Records without a video", consistency.RecordsWithoutVideo);
        AppendList(html, "Videos without a record", consistency.VideosWithoutRecord);
        AppendList(html, "Video IDs with more than one file", [.. consistency.DuplicateVideoIds.Select(d => $"{d.VideoId}: {string.Join(", ", d.Paths)}")]);
        AppendList(html, "Archive entries ignored as unsafe", consistency.IgnoredEntries);
        if (!model.Annotations.IsValid)
        {
            AppendList(html, $"Problems in {model.Annotations.FilePath}", [.. model.Annotations.Problems.Select(p => p.ToString())]);
        }

        html.Append("</section>\n");
    }

    private static void AppendList(StringBuilder html, string title, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<h3>{E(title)} ({items.Count})</h3>\n<ul>\n");
        foreach (var item in items)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{E(item)}</li>\n");
        }

        html.Append("</ul>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
