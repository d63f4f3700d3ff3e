namespace TokenAnalyzers.Model
{
    /// <summary>The assignment forms of RULES.md's Term "Assignment forms" that differ in how the value is read.</summary>
    internal enum PropertyAssignmentKind
    {
        /// <summary><c>X = v</c>, in an initializer or on any receiver.</summary>
        Simple,

        /// <summary><c>p.X ??= v</c>: v is assigned whenever the property was null.</summary>
        Coalesce,

        /// <summary><c>p.X &amp;= v</c>, <c>p.X += v</c>: the value is the operation's result.</summary>
        Compound,

        /// <summary>One element of <c>(p.X, p.Y) = (a, b)</c>.</summary>
        Deconstruction,
    }
}
