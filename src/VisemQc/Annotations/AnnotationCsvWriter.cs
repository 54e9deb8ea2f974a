using System.Globalization;
using CsvHelper;

namespace VisemQc.Annotations;

/// <summary>Formats records so that <see cref="AnnotationCsvParser"/> reads them back to equal records.</summary>
internal static class AnnotationCsvWriter
{
    public static byte[] Format(IEnumerable<MotilityRecord> records, AnnotationWriteOptions options, bool? withByteOrderMark = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        options.Validate();
        var csvOptions = new CsvWriterOptions
        {
            Separator = options.Separator,
            NewLine = options.NewLine,
            WriteByteOrderMark = withByteOrderMark ?? options.WriteByteOrderMark,
            // Video IDs are file names and must come back unchanged: no formula escaping.
            Injection = CsvInjection.None,
        };

        using var buffer = new MemoryStream();
        using (var writer = CsvWriter.Create(buffer, csvOptions, leaveOpen: true))
        {
            if (options.Header is { } header)
            {
                foreach (var name in header)
                {
                    writer.WriteField(name);
                }

                writer.EndRecord();
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var record in records)
            {
                ArgumentNullException.ThrowIfNull(record, nameof(records));
                if (!seen.Add(record.VideoId))
                {
                    throw new ArgumentException($"Each video has one row; the video ID '{record.VideoId}' appears twice. Remove or merge the duplicate before writing.", nameof(records));
                }

                writer.WriteField(record.VideoId);
                writer.WriteField(FormatGrade(record.RapidProgressive, options.DecimalComma));
                writer.WriteField(FormatGrade(record.SlowProgressive, options.DecimalComma));
                writer.WriteField(FormatGrade(record.NonProgressive, options.DecimalComma));
                writer.WriteField(FormatGrade(record.Immotile, options.DecimalComma));
                writer.EndRecord();
            }

            writer.Flush();
        }

        return buffer.ToArray();
    }

    // "R" gives the shortest text that parses back to the same double.
    private static string FormatGrade(double value, bool decimalComma)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return decimalComma ? text.Replace('.', ',') : text;
    }
}
