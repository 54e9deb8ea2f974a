namespace VisemQc.Download;

/// <summary>
/// Which boot of the machine this is, where the system says (Linux: <c>/proc/sys/kernel/random/boot_id</c>).
/// Data written but not flushed survives a killed process in the page cache, and is lost only when the
/// machine stops; so a file finished without flushing is safe to trust until the boot changes.
/// </summary>
internal static class BootSession
{
    private static readonly Lazy<string?> Id = new(Read);

    /// <summary>This boot's ID, or <see langword="null"/> where the system does not tell (files are then flushed to disk).</summary>
    public static string? CurrentId => Id.Value;

    private static string? Read()
    {
        try
        {
            const string Path = "/proc/sys/kernel/random/boot_id";
            return File.Exists(Path) ? File.ReadAllText(Path).Trim() is { Length: > 0 } id ? id : null : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
