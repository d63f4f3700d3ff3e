namespace TokenAnalyzers.Engine
{
    /// <summary>What a rule registers at compilation start: the syntax it wants to see, by kind and name.</summary>
    internal enum CandidateKind
    {
        /// <summary><c>x.Name = v</c>, <c>Name = v</c> in an initializer, <c>x?.Name = v</c>: an <c>AssignmentExpressionSyntax</c>.</summary>
        Assignment,

        /// <summary><c>x.Name(...)</c>, <c>Name(...)</c>, <c>x?.Name(...)</c>: an <c>InvocationExpressionSyntax</c>.</summary>
        Invocation,

        /// <summary><c>new Ns.Name(...)</c>: an <c>ObjectCreationExpressionSyntax</c>.</summary>
        ObjectCreation,

        /// <summary>
        /// <c>new(x)</c>: an <c>ImplicitObjectCreationExpressionSyntax</c> (the type is not in the text). Registered with
        /// <c>On</c>, every one with exactly one argument; with <c>OnNamed</c>, any number of arguments where the declaration
        /// around it spells one of the names (<c>ConfigurationManager&lt;T&gt; m = new(address, retriever)</c>).
        /// </summary>
        TargetTypedCreation,
    }
}
