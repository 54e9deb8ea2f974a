using System.CommandLine;
using System.CommandLine.Parsing;

namespace VisemQc.Cli.Commands;

/// <summary>Arguments and options that several commands share, made fresh for each command.</summary>
internal static class CommonArguments
{
    public static Argument<string> Dataset() => new("dataset")
    {
        Description = "The VISEM-QC zip (visem-qc.zip) or the folder it was extracted to.",
    };

    public static Option<bool> Lenient() => new("--lenient")
    {
        Description = "Report every problem in the annotation CSV instead of stopping at the first.",
    };

    /// <summary>An option taking absolute http or https URLs; with <paramref name="many"/> it may be repeated.</summary>
    public static Option<Uri[]> Urls(string name, string description, bool many) => new(name)
    {
        Description = description,
        Arity = many ? ArgumentArity.ZeroOrMore : ArgumentArity.ExactlyOne,
        CustomParser = ParseUrls,
    };

    /// <summary>Opens a dataset, leniently when asked.</summary>
    public static Task<VisemQcDataset> OpenAsync(string path, bool lenient, CancellationToken cancellationToken) =>
        VisemQcDataset.OpenAsync(
            path,
            lenient ? new VisemQcDatasetOptions { Annotations = new AnnotationOptions { Validation = AnnotationValidation.Lenient } } : null,
            cancellationToken);

    /// <summary>The help text of a command: what it does, then examples.</summary>
    public static string Help(string what, params string[] examples) =>
        $"{what}\n\nExample{(examples.Length > 1 ? "s" : "")}:\n{string.Join('\n', examples.Select(e => "  " + e))}";

    private static Uri[] ParseUrls(ArgumentResult result)
    {
        var urls = new List<Uri>(result.Tokens.Count);
        foreach (var token in result.Tokens)
        {
            if (Uri.TryCreate(token.Value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
            {
                urls.Add(url);
            }
            else
            {
                result.AddError($"Expected an absolute http or https URL such as {VisemQcDataset.DefaultSource}; got '{token.Value}'.");
            }
        }

        return [.. urls];
    }
}
