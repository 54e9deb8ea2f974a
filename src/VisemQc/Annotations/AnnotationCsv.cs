using VisemQc.Annotations;

namespace VisemQc;

/// <summary>
/// Reads and writes VISEM-QC annotation CSVs: one row per video with its ID and grades a, b, c and d
/// in percent. <c>docs/annotations.md</c> lists the accepted dialects and the validation rules.
/// </summary>
/// <example>
/// <code>
/// var result = AnnotationCsv.Read("visem-qc/visem-qc.csv");
/// foreach (var record in result.Records)
///     Console.WriteLine($"{record.VideoId}: a+b = {record.Progressive}%");
/// </code>
/// </example>
public static class AnnotationCsv
{
    // The largest CSV read, 64 MiB: the real one is a few KB, so anything bigger is not an annotation file.
    internal const int MaxFileSize = 64 << 20;

    /// <summary>Reads an annotation CSV file.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="options">How to read and validate, or <see langword="null"/> for the defaults.</param>
    /// <returns>The records and the validation report.</returns>
    /// <exception cref="VisemQcFormatException">The file breaks a rule and <see cref="AnnotationOptions.Validation"/> is <see cref="AnnotationValidation.Strict"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static AnnotationReadResult Read(string path, AnnotationOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = OpenFile(path, useAsync: false);
        return Read(stream, path, options);
    }

    /// <summary>Reads an annotation CSV file asynchronously.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="options">How to read and validate, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records and the validation report.</returns>
    /// <exception cref="VisemQcFormatException">The file breaks a rule and <see cref="AnnotationOptions.Validation"/> is <see cref="AnnotationValidation.Strict"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<AnnotationReadResult> ReadAsync(string path, AnnotationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = OpenFile(path, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            return await ReadAsync(stream, path, options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads an annotation CSV from a stream, from its current position to its end.</summary>
    /// <param name="stream">The CSV bytes: UTF-8 with or without a byte order mark, or UTF-16 with one.</param>
    /// <param name="sourceName">The name that problems report as the file, such as the path the bytes came from.</param>
    /// <param name="options">How to read and validate, or <see langword="null"/> for the defaults.</param>
    /// <returns>The records and the validation report.</returns>
    /// <exception cref="VisemQcFormatException">The CSV breaks a rule and <see cref="AnnotationOptions.Validation"/> is <see cref="AnnotationValidation.Strict"/>.</exception>
    public static AnnotationReadResult Read(Stream stream, string sourceName, AnnotationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        using var buffer = new MemoryStream();
        CopyBounded(stream, buffer, sourceName);
        return AnnotationCsvParser.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), sourceName, options ?? new AnnotationOptions());
    }

    /// <summary>Reads an annotation CSV from a stream asynchronously, from its current position to its end.</summary>
    /// <param name="stream">The CSV bytes: UTF-8 with or without a byte order mark, or UTF-16 with one.</param>
    /// <param name="sourceName">The name that problems report as the file, such as the path the bytes came from.</param>
    /// <param name="options">How to read and validate, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records and the validation report.</returns>
    /// <exception cref="VisemQcFormatException">The CSV breaks a rule and <see cref="AnnotationOptions.Validation"/> is <see cref="AnnotationValidation.Strict"/>.</exception>
    public static async Task<AnnotationReadResult> ReadAsync(Stream stream, string sourceName, AnnotationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            AppendBounded(buffer, chunk.AsSpan(0, read), sourceName);
        }

        return AnnotationCsvParser.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), sourceName, options ?? new AnnotationOptions());
    }

    /// <summary>Reads annotation CSV text held in a string.</summary>
    /// <param name="text">The CSV text.</param>
    /// <param name="sourceName">The name that problems report as the file.</param>
    /// <param name="options">How to read and validate, or <see langword="null"/> for the defaults.</param>
    /// <returns>The records and the validation report.</returns>
    /// <exception cref="VisemQcFormatException">The CSV breaks a rule and <see cref="AnnotationOptions.Validation"/> is <see cref="AnnotationValidation.Strict"/>.</exception>
    public static AnnotationReadResult Parse(string text, string sourceName = "<text>", AnnotationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        return AnnotationCsvParser.Parse(text, sourceName, options ?? new AnnotationOptions());
    }

    /// <summary>Writes records as an annotation CSV file, replacing the file if it exists.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="records">The records, written in this order.</param>
    /// <param name="options">The dialect, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">Two records have the same video ID.</exception>
    public static void Write(string path, IEnumerable<MotilityRecord> records, AnnotationWriteOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = AnnotationCsvWriter.Format(records, options ?? new AnnotationWriteOptions());
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Writes records as an annotation CSV file asynchronously, replacing the file if it exists.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="records">The records, written in this order.</param>
    /// <param name="options">The dialect, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is written.</returns>
    /// <exception cref="ArgumentException">Two records have the same video ID.</exception>
    public static Task WriteAsync(string path, IEnumerable<MotilityRecord> records, AnnotationWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = AnnotationCsvWriter.Format(records, options ?? new AnnotationWriteOptions());
        return File.WriteAllBytesAsync(path, bytes, cancellationToken);
    }

    /// <summary>Writes records as an annotation CSV to a stream, at its current position.</summary>
    /// <param name="stream">The destination; left open.</param>
    /// <param name="records">The records, written in this order.</param>
    /// <param name="options">The dialect, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">Two records have the same video ID.</exception>
    public static void Write(Stream stream, IEnumerable<MotilityRecord> records, AnnotationWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(AnnotationCsvWriter.Format(records, options ?? new AnnotationWriteOptions()));
    }

    /// <summary>Writes records as an annotation CSV to a stream asynchronously, at its current position.</summary>
    /// <param name="stream">The destination; left open.</param>
    /// <param name="records">The records, written in this order.</param>
    /// <param name="options">The dialect, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the bytes are written.</returns>
    /// <exception cref="ArgumentException">Two records have the same video ID.</exception>
    public static async Task WriteAsync(Stream stream, IEnumerable<MotilityRecord> records, AnnotationWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = AnnotationCsvWriter.Format(records, options ?? new AnnotationWriteOptions());
        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Formats records as annotation CSV text.</summary>
    /// <param name="records">The records, written in this order.</param>
    /// <param name="options">The dialect, or <see langword="null"/> for the defaults.</param>
    /// <returns>The CSV text (without a byte order mark, whatever the options).</returns>
    /// <exception cref="ArgumentException">Two records have the same video ID.</exception>
    public static string Format(IEnumerable<MotilityRecord> records, AnnotationWriteOptions? options = null)
        => System.Text.Encoding.UTF8.GetString(AnnotationCsvWriter.Format(records, options ?? new AnnotationWriteOptions(), withByteOrderMark: false));

    private static FileStream OpenFile(string path, bool useAsync)
        => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync);

    private static void CopyBounded(Stream source, MemoryStream destination, string sourceName)
    {
        Span<byte> chunk = stackalloc byte[4096];
        int read;
        while ((read = source.Read(chunk)) > 0)
        {
            AppendBounded(destination, chunk[..read], sourceName);
        }
    }

    private static void AppendBounded(MemoryStream destination, ReadOnlySpan<byte> chunk, string sourceName)
    {
        if (destination.Length + chunk.Length > MaxFileSize)
        {
            VisemQcThrow.FormatException(new AnnotationProblem(
                AnnotationProblemKind.InvalidEncoding,
                sourceName,
                line: 0,
                column: null,
                rawValue: null,
                $"The file is larger than {MaxFileSize >> 20} MiB; an annotation CSV holds one short row per video. Check that the right file was chosen."));
        }

        destination.Write(chunk);
    }
}
