namespace VisemQc.Tests.Docs;

/// <summary>Samples print to <see cref="Console"/>, which the tests redirect: such tests must not run at the same time.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleTests
{
    public const string Name = "Console";
}
