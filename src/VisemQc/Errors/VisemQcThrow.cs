using System.Diagnostics;

namespace VisemQc;

/// <summary>
/// Throw helpers, one per reason, named <c>ExceptionType_Reason</c>. Keeping the message text here
/// keeps the call sites short and the messages consistent. Split into partial files by concern.
/// </summary>
[StackTraceHidden]
internal static partial class VisemQcThrow
{
    /// <summary>What to do about a damaged archive, for every message that finds one.</summary>
    private const string RedownloadAdvice = "To repair it, download it again (VisemQcDataset.DownloadAsync keeps the good blocks), or run VisemQcDownloader.VerifyAsync on a copy downloaded by VisemQc.";

    /// <summary>An integrity message without its archive path and repair advice, to be listed in a message that says both once.</summary>
    internal static string ProblemOnly(VisemQcIntegrityException error)
    {
        var text = error.Message.Replace(" " + RedownloadAdvice, "", StringComparison.Ordinal);
        var prefix = error.Path + "!/";
        return text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text;
    }
}
