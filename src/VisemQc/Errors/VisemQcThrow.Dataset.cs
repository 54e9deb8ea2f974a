using System.Diagnostics.CodeAnalysis;

namespace VisemQc;

internal static partial class VisemQcThrow
{
    [DoesNotReturn]
    public static void IntegrityException_EntryEncrypted(string archivePath, string entryName) => throw new VisemQcIntegrityException(
        archivePath,
        [entryName],
        message: $"{archivePath}!/{entryName} is encrypted; VISEM-QC is published without encryption. Use the archive from the official source.");

    [DoesNotReturn]
    public static void IntegrityException_UnsupportedCompression(string archivePath, string entryName, ushort method) => throw new VisemQcIntegrityException(
        archivePath,
        [entryName],
        message: $"{archivePath}!/{entryName} uses zip compression method {method}; expected 0 (stored) or 8 (deflated). Repack the archive with a standard zip tool, or extract it and open the folder.");

    [DoesNotReturn]
    public static void IntegrityException_EntryTooLarge(string archivePath, string entryName, long length, long limit) => throw new VisemQcIntegrityException(
        archivePath,
        [entryName],
        message: $"{archivePath}!/{entryName} is {length} bytes; a file read whole is at most {limit} bytes. Check that the right entry was chosen.");

    [DoesNotReturn]
    public static void IntegrityException_CorruptDeflate(string archivePath, string entryName, Exception cause) => throw new VisemQcIntegrityException(
        archivePath,
        [entryName],
        message: $"{archivePath}!/{entryName}: the compressed data is corrupt ({cause.Message}). {RedownloadAdvice}",
        innerException: cause);

    [DoesNotReturn]
    public static void IntegrityException_EntryLengthMismatch(string archivePath, string entryName, long expected, long found, bool atLeast) => throw new VisemQcIntegrityException(
        archivePath,
        [entryName],
        message: $"{archivePath}!/{entryName}: expected {expected} bytes of data as the central directory records, found {(atLeast ? "at least " : "")}{found}. {RedownloadAdvice}");

    [DoesNotReturn]
    public static void IntegrityException_EntryCrc(string archivePath, string entryName, uint expected, uint actual) => throw new VisemQcIntegrityException(
        archivePath,
        [entryName],
        expectedCrc32: expected,
        actualCrc32: actual,
        message: $"{archivePath}!/{entryName}: the data's CRC-32 is {actual:x8}, the archive records {expected:x8}. {RedownloadAdvice}");

    [DoesNotReturn]
    public static void LayoutException_NoAnnotationCsv(string datasetPath, int maxDepth) => throw new VisemQcLayoutException(
        datasetPath,
        [],
        message: $"{datasetPath}: no annotation CSV (*.csv) within {maxDepth} levels; expected one, such as visem-qc/visem-qc.csv. Check that this is the VISEM-QC archive or folder, or set {nameof(VisemQcDatasetOptions)}.{nameof(VisemQcDatasetOptions.AnnotationPath)}.");

    [DoesNotReturn]
    public static void LayoutException_SeveralAnnotationCsvs(string datasetPath, IReadOnlyList<string> candidates) => throw new VisemQcLayoutException(
        datasetPath,
        candidates,
        message: $"{datasetPath}: expected one annotation CSV, found {candidates.Count}: {string.Join(", ", candidates)}. Name the right one with {nameof(VisemQcDatasetOptions)}.{nameof(VisemQcDatasetOptions.AnnotationPath)}.");

    [DoesNotReturn]
    public static void LayoutException_PathNotFound(string datasetPath, string option, string path) => throw new VisemQcLayoutException(
        datasetPath,
        [],
        message: $"{datasetPath}: {nameof(VisemQcDatasetOptions)}.{option} is '{path}', which is not in the dataset. Use a path inside the zip or folder with '/' separators, such as 'visem-qc/videos'.");

    [DoesNotReturn]
    public static void LayoutException_SeveralVideoFolders(string datasetPath, IReadOnlyList<string> candidates) => throw new VisemQcLayoutException(
        datasetPath,
        candidates,
        message: $"{datasetPath}: expected one folder of videos, found {candidates.Count}: {string.Join(", ", candidates)}. Name the right one with {nameof(VisemQcDatasetOptions)}.{nameof(VisemQcDatasetOptions.VideosFolder)}.");

    [DoesNotReturn]
    public static void LayoutException_AmbiguousVideo(string datasetPath, VideoIdConflict conflict) => throw new VisemQcLayoutException(
        datasetPath,
        conflict.Paths,
        message: $"{datasetPath}: the video ID '{conflict.VideoId}' matches {conflict.Paths.Count} files: {string.Join(", ", conflict.Paths)}. Keep one of them.");

    [DoesNotReturn]
    public static void VideoNotFoundException_NoRecord(string datasetPath, string videoId, int recordCount) => throw new VisemQcVideoNotFoundException(
        videoId,
        datasetPath,
        message: $"{datasetPath}: no annotation record for video ID '{videoId}' among {recordCount} records. IDs are file names without extension, such as '623'; see {nameof(VisemQcDataset)}.{nameof(VisemQcDataset.Records)}.");

    [DoesNotReturn]
    public static void VideoNotFoundException_NoVideo(string datasetPath, string videoId, int videoCount) => throw new VisemQcVideoNotFoundException(
        videoId,
        datasetPath,
        message: $"{datasetPath}: no video file for video ID '{videoId}' among {videoCount} videos. IDs are file names without extension, such as '623'; see {nameof(VisemQcDataset)}.{nameof(VisemQcDataset.VideoIds)} and the consistency report.");
}
