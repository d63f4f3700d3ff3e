namespace TokenAnalyzers.Tests.Reliability;

/// <summary>
/// The reliability classes run one after another (each already uses both cores), so that the per-case time limits
/// measure the analyzers, not the other reliability tests competing for the CPU.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ReliabilityCollection
{
    public const string Name = "Reliability";
}
