namespace VisemQc.Tests.TestSupport;

/// <summary>The repository's root: the first folder above the test assembly that holds VisemQc.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "VisemQc.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"VisemQc.sln not found above {AppContext.BaseDirectory}.");
    }
}
