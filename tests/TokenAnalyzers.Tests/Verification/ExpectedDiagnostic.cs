using System;
using System.Collections.Immutable;

namespace TokenAnalyzers.Tests.Verification;

/// <summary>
/// A diagnostic a test expects beyond plain markup spans: at a <c>{|#n:...|}</c> location, with a message check.
/// Immutable; every <c>With</c> method returns a copy. Without <see cref="WithLocation"/> the diagnostic is expected
/// without a location (Location.None).
/// </summary>
public sealed class ExpectedDiagnostic
{
    private ExpectedDiagnostic(string id, int? locationKey, ImmutableArray<object>? arguments, string? message, string? messageContaining)
    {
        Id = id;
        LocationKey = locationKey;
        Arguments = arguments;
        Message = message;
        MessageContaining = messageContaining;
    }

    public string Id { get; }

    public int? LocationKey { get; }

    public ImmutableArray<object>? Arguments { get; }

    public string? Message { get; }

    public string? MessageContaining { get; }

    public static ExpectedDiagnostic Create(string id) =>
        new(id ?? throw new ArgumentNullException(nameof(id)), null, null, null, null);

    /// <summary>The span marked <c>{|#markupKey:...|}</c> in a source or additional file.</summary>
    public ExpectedDiagnostic WithLocation(int markupKey) => new(Id, markupKey, Arguments, Message, MessageContaining);

    /// <summary>The message must equal the descriptor's MessageFormat formatted with these arguments (invariant culture).</summary>
    public ExpectedDiagnostic WithArguments(params object[] args) => new(Id, LocationKey, args.ToImmutableArray(), Message, MessageContaining);

    public ExpectedDiagnostic WithMessage(string message) => new(Id, LocationKey, Arguments, message, MessageContaining);

    public ExpectedDiagnostic WithMessageContaining(string text) => new(Id, LocationKey, Arguments, Message, text);

    public override string ToString() =>
        Id + (LocationKey is { } key ? $" at #{key}" : " without location");
}
