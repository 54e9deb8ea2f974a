using System.Diagnostics.CodeAnalysis;

namespace VisemQc;

internal static partial class VisemQcThrow
{
    private const string InstallFfmpeg = "Install ffmpeg 5 or later (Debian/Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg)";

    [DoesNotReturn]
    public static void FfmpegNotFoundException_NotFound(string program, string searched, string folderSetting) => throw new VisemQcFfmpegNotFoundException(
        program,
        searched,
        message: $"{program} was not found in {searched}. {InstallFfmpeg}, or set {folderSetting} to the folder that holds ffmpeg and ffprobe.");

    [DoesNotReturn]
    public static void FfmpegException_Failed(string program, string videoId, int exitCode, IReadOnlyList<string> stderrTail, string arguments) => throw new VisemQcFfmpegException(
        program,
        videoId,
        exitCode,
        stderrTail,
        arguments,
        message: $"{program} failed on video '{videoId}' with exit code {exitCode}: {(stderrTail.Count == 0 ? "(no message)" : string.Join(" | ", stderrTail))}. Check that the file is a complete video (verify the archive), and the frame options.");

    [DoesNotReturn]
    public static void FfmpegException_TruncatedFrame(string videoId, int expected, int received, string arguments) => throw new VisemQcFfmpegException(
        "ffmpeg",
        videoId,
        0,
        [],
        arguments,
        message: $"ffmpeg sent a partial frame for video '{videoId}': {received} of {expected} bytes. The video may be truncated; verify the archive.");

    [DoesNotReturn]
    public static void FrameIndexOutOfRange(string videoId, int index, int frameCount) => throw new ArgumentOutOfRangeException(
        nameof(index),
        index,
        $"Video '{videoId}' has {frameCount} frames (0 to {frameCount - 1}, counted from its packets); frame {index} does not exist. Take indices below VideoProbe.FrameCount (from ProbeVideoAsync).");
}
