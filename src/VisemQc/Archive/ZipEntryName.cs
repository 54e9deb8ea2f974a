namespace VisemQc.Archive;

/// <summary>
/// Decides whether a zip entry name is safe to turn into a file-system path below a folder
/// ("zip slip"): names that could point outside the folder, or that mean different things on
/// different systems, are refused rather than cleaned up.
/// </summary>
internal static class ZipEntryName
{
    /// <summary>
    /// Returns <see langword="true"/> only for a relative path that can never escape a folder.
    /// </summary>
    /// <param name="name">The entry name as stored in the archive.</param>
    /// <returns>
    /// <see langword="false"/> for an empty name, a leading <c>/</c>, any backslash, any colon (a drive
    /// letter such as <c>C:</c> or an NTFS stream), a segment made only of dots and spaces (<c>.</c>,
    /// <c>..</c>, <c>...</c>, <c>.. </c>, which some systems resolve to the parent), an empty segment
    /// (except the trailing <c>/</c> of a directory entry), or a control character (NUL included).
    /// </returns>
    public static bool IsSafe(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name[0] == '/')
        {
            return false;
        }

        // A directory entry ends with one '/'; the rest must be non-empty segments.
        ReadOnlySpan<char> remaining = name.EndsWith('/') ? name.AsSpan(0, name.Length - 1) : name.AsSpan();
        while (true)
        {
            int slash = remaining.IndexOf('/');
            ReadOnlySpan<char> segment = slash < 0 ? remaining : remaining[..slash];
            if (!IsSafeSegment(segment))
            {
                return false;
            }

            if (slash < 0)
            {
                return true;
            }

            remaining = remaining[(slash + 1)..];
        }
    }

    private static bool IsSafeSegment(ReadOnlySpan<char> segment)
    {
        if (segment.IsEmpty)
        {
            return false;
        }

        bool onlyDotsAndSpaces = true;
        foreach (char c in segment)
        {
            if (c is '\\' or ':' || char.IsControl(c))
            {
                return false;
            }

            if (c is not ('.' or ' '))
            {
                onlyDotsAndSpaces = false;
            }
        }

        return !onlyDotsAndSpaces;
    }
}
