using System;

namespace TokenAnalyzers.Tests.Verification;

/// <summary>
/// Thrown when the code under test does not behave as the test expects (as opposed to a malformed test, which
/// throws <see cref="ArgumentException"/> or <see cref="InvalidOperationException"/>).
/// </summary>
public sealed class VerificationException : Exception
{
    public VerificationException(string message)
        : base(message)
    {
    }

    /// <summary>A failure reported by Microsoft.CodeAnalysis.Testing (<paramref name="inner"/>), re-thrown with our context.</summary>
    public VerificationException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
