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
}
