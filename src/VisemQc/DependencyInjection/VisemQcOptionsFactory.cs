using Microsoft.Extensions.Options;

namespace VisemQc.DependencyInjection;

/// <summary>One <c>configure</c> function given to <see cref="VisemQcServiceCollectionExtensions.AddVisemQc"/>.</summary>
internal sealed record VisemQcOptionsConfiguration(Func<VisemQcOptions, VisemQcOptions> Configure);

/// <summary>
/// Builds <see cref="VisemQcOptions"/>, an immutable record, by applying every registered
/// <see cref="VisemQcOptionsConfiguration"/> in order to <see cref="VisemQcOptions.Default"/> (the
/// default factory can only mutate a new instance), then runs the registered validators.
/// </summary>
internal sealed class VisemQcOptionsFactory(IEnumerable<VisemQcOptionsConfiguration> configurations, IEnumerable<IValidateOptions<VisemQcOptions>> validators)
    : IOptionsFactory<VisemQcOptions>
{
    public VisemQcOptions Create(string name)
    {
        var options = VisemQcOptions.Default;
        foreach (var configuration in configurations)
        {
            options = configuration.Configure(options)
                ?? throw new InvalidOperationException($"A configure function given to {nameof(VisemQcServiceCollectionExtensions.AddVisemQc)} returned null; return the options, changed with 'options with {{ ... }}'.");
        }

        var failures = validators
            .Select(v => v.Validate(name, options))
            .Where(r => r.Failed)
            .SelectMany(r => r.Failures ?? [])
            .ToArray();
        if (failures.Length > 0)
        {
            throw new OptionsValidationException(name, typeof(VisemQcOptions), failures);
        }

        return options;
    }
}

/// <summary>Runs <see cref="VisemQcOptions.Validate"/> for the options pattern: a bad value fails validation with its message.</summary>
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
