using VisemQc.Dataset;

namespace VisemQc;

public sealed partial class VisemQcDataset
{
    /// <summary>The environment variable that overrides <see cref="DefaultHome"/>.</summary>
    public const string HomeEnvironmentVariable = "VISEMQC_HOME";

    /// <summary>
    /// The folder where VisemQc keeps its files (the extracted sample, the cache of deflated videos):
    /// <c>$VISEMQC_HOME</c> when set, otherwise <c>VisemQc</c> in the platform's local application-data
    /// folder (<c>~/.local/share/VisemQc</c> on Linux, <c>%LOCALAPPDATA%\VisemQc</c> on Windows).
    /// </summary>
    public static string DefaultHome
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(HomeEnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                return System.IO.Path.GetFullPath(fromEnvironment);
            }

            var localData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            return System.IO.Path.Combine(string.IsNullOrEmpty(localData) ? System.IO.Path.GetTempPath() : localData, "VisemQc");
        }
    }

    /// <summary>
    /// Opens the dataset in a zip file (read in place, never extracted) or an extracted folder: finds the
    /// annotation CSV and the folder of videos, reads and validates the records and matches videos to
    /// records by file name.
    /// </summary>
    /// <param name="path">The zip file, such as <c>visem-qc.zip</c>, or the folder it was extracted to.</param>
    /// <param name="options">How to find and read the dataset, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The open dataset; dispose it to release the archive.</returns>
    /// <exception cref="FileNotFoundException">No file or folder is at <paramref name="path"/>.</exception>
    /// <exception cref="VisemQcIntegrityException">The zip is corrupt or uses an unsupported feature.</exception>
    /// <exception cref="VisemQcLayoutException">No annotation CSV, or several CSVs or video folders to choose from.</exception>
    /// <exception cref="VisemQcFormatException">The annotation CSV breaks a rule (with strict validation).</exception>
    /// <exception cref="VisemQcIntegrityException">The CSV's bytes do not match the CRC-32 recorded in the zip.</exception>
    public static Task<VisemQcDataset> OpenAsync(string path, VisemQcDatasetOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options = options?.Clone() ?? new VisemQcDatasetOptions();
        options.Validate();

        return DatasetOpener.OpenAsync(path, options, cancellationToken);
    }

    /// <summary>
    /// Opens the small sample dataset built into the package: the real layout (a zip with
    /// <c>visem-qc/visem-qc.csv</c> and <c>visem-qc/videos/</c>) with a handful of short synthetic videos,
    /// MKV and AVI, stored and deflated. Needs no network; the zip is written once under
    /// <see cref="DefaultHome"/>.
    /// </summary>
    /// <param name="options">How to read the dataset, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The open sample dataset.</returns>
    public static Task<VisemQcDataset> OpenSampleAsync(VisemQcDatasetOptions? options = null, CancellationToken cancellationToken = default)
    {
        options = options?.Clone() ?? new VisemQcDatasetOptions();
        options.Validate();
        return DatasetOpener.OpenSampleAsync(options, cancellationToken);
    }
}
