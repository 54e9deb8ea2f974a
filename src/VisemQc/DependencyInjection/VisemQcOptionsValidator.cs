using Microsoft.Extensions.Options;

namespace VisemQc.DependencyInjection;

/// <summary>Runs <see cref="VisemQcOptions.Validate"/> for the options pattern: a bad value fails validation (at host start) with its message.</summary>
internal sealed class VisemQcOptionsValidator : IValidateOptions<VisemQcOptions>
{
    public ValidateOptionsResult Validate(string? name, VisemQcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException error)
        {
            return ValidateOptionsResult.Fail($"VisemQcOptions: {error.Message}");
        }
    }
}
