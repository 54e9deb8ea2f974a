using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

namespace VisemQc.Interactive;

/// <summary>
/// Loaded by .NET Interactive (Polyglot Notebooks, Jupyter with the .NET kernel, dotnet-repl) from the
/// package's <c>interactive-extensions/dotnet</c> folder after <c>#r "nuget: VisemQc"</c>: registers
/// HTML formatters so that datasets and records show as tables, frames as images, and download
/// progress as a progress bar that <c>DisplayedValue.Update</c> redraws in place.
/// </summary>
public sealed class VisemQcKernelExtension : IKernelExtension
{
    /// <summary>Registers the formatters.</summary>
    /// <param name="kernel">The kernel that loaded the package.</param>
    /// <returns>A completed task.</returns>
    public Task OnLoadAsync(Kernel kernel)
    {
        Register<VisemQcDataset>(VisemQcHtml.Dataset);
        Register<MotilityRecord>(VisemQcHtml.Record);
        Register<IEnumerable<MotilityRecord>>(VisemQcHtml.Records);
        Register<DatasetConsistencyReport>(VisemQcHtml.Consistency);
        Register<VideoFrame>(VisemQcHtml.Frame);
        Register<DownloadProgress>(VisemQcHtml.Progress);
        Register<DownloadResult>(VisemQcHtml.Download);
        Register<VerificationReport>(VisemQcHtml.Verification);
        return Task.CompletedTask;
    }

    private static void Register<T>(Func<T, string> html) => Formatter.Register(html, HtmlFormatter.MimeType);
}
