using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace TokenAnalyzers.Roslyn
{
    /// <summary>
    /// Where a method of the compilation is called or taken as a method group: the trees whose text names it, then
    /// each use of the name bound. Asked only once a rule has a finding or a candidate in hand (a helper's event, a
    /// fix decision), never for an ordinary file.
    /// </summary>
    internal static class CallSites
    {
        /// <summary>
        /// The invocations (<see cref="IInvocationOperation"/>) and method groups (<see cref="IMethodReferenceOperation"/>)
        /// of <paramref name="method"/>, in the order of the trees; <paramref name="complete"/> is false when the name
        /// had more than <paramref name="maxUses"/> uses and the rest were not looked at.
        /// </summary>
        public static List<IOperation> Of(IMethodSymbol method, Compilation compilation, int maxUses, out bool complete, CancellationToken cancellationToken) =>
            Of(method, compilation, maxUses, throughInterfaces: false, out complete, cancellationToken);

        /// <summary>
        /// As above; with <paramref name="throughInterfaces"/>, a call bound to an interface member that
        /// <paramref name="method"/> implements counts too (<c>_tokens.Decode(t)</c> on an <c>ITokenService</c>: the
        /// dependency-injection shape), and only invocations whose argument count fits the method are bound, so a
        /// common name (<c>Parse</c>) spends <paramref name="maxUses"/> on candidates, not on <c>int.Parse</c>.
        /// </summary>
        public static List<IOperation> Of(IMethodSymbol method, Compilation compilation, int maxUses, bool throughInterfaces, out bool complete, CancellationToken cancellationToken)
        {
            var found = new List<IOperation>();
            complete = true;
            var seen = 0;
            foreach (var (model, name) in Uses(method.Name, compilation, cancellationToken))
            {
                var reference = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? (ExpressionSyntax)access : name;
                var target = reference.Parent is InvocationExpressionSyntax call && call.Expression == reference ? (SyntaxNode)call : reference;
                if (throughInterfaces && !Fits(target, method))
                {
                    continue; // not a candidate: it does not count against the limit
                }

                if (++seen > maxUses)
                {
                    complete = false;
                    return found;
                }

                switch (OperationTrees.Get(model, target, cancellationToken))
                {
                    case IInvocationOperation invocation when SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition, method.OriginalDefinition) ||
                                                              (throughInterfaces && Implements(method, invocation.TargetMethod)):
                        found.Add(invocation);
                        break;
                    case IMethodReferenceOperation group when SymbolEqualityComparer.Default.Equals(group.Method.OriginalDefinition, method.OriginalDefinition):
                        found.Add(group);
                        break;
                }
            }

            return found;
        }

        /// <summary>An invocation with as many arguments as <paramref name="method"/> takes (optional and <c>params</c> ones allowing fewer or more).</summary>
        private static bool Fits(SyntaxNode target, IMethodSymbol method)
        {
            if (target is not InvocationExpressionSyntax call)
            {
                return false;
            }

            // An extension method called on its receiver (`token.Decode()`) is given one argument more than the list shows.
            var count = call.ArgumentList.Arguments.Count;
            return FitsCount(count, method) || (method.IsExtensionMethod && FitsCount(count + 1, method));
        }

        private static bool FitsCount(int count, IMethodSymbol method)
        {
            var required = 0;
            foreach (var parameter in method.Parameters)
            {
                if (parameter.IsParams)
                {
                    return count >= required;
                }

                if (!parameter.IsOptional)
                {
                    required++;
                }
            }

            return count >= required && count <= method.Parameters.Length;
        }

        /// <summary><paramref name="called"/> is an interface member whose implementation in <paramref name="method"/>'s type is <paramref name="method"/>.</summary>
        private static bool Implements(IMethodSymbol method, IMethodSymbol called) =>
            called.ContainingType is { TypeKind: TypeKind.Interface } &&
            method.ContainingType is { } type &&
            SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(called.OriginalDefinition), method.OriginalDefinition);

        /// <summary>Every simple name <paramref name="name"/> in the compilation, with its tree's model: the trees whose text names it, lazily.</summary>
        public static IEnumerable<(SemanticModel Model, SimpleNameSyntax Name)> Uses(string name, Compilation compilation, CancellationToken cancellationToken) =>
            Uses(new[] { name }, compilation, cancellationToken);

        /// <summary>Every simple name that is one of <paramref name="names"/>, in one pass over the trees whose text names one.</summary>
        public static IEnumerable<(SemanticModel Model, SimpleNameSyntax Name)> Uses(string[] names, Compilation compilation, CancellationToken cancellationToken)
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!Names(tree.GetText(cancellationToken).ToString(), names))
                {
                    continue;
                }

#pragma warning disable RS1030 // Uses may be in any file; only asked once a rule has a finding or a candidate in hand.
                var model = compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
                {
                    if (node is SimpleNameSyntax simple && System.Array.IndexOf(names, simple.Identifier.ValueText) >= 0)
                    {
                        yield return (model, simple);
                    }
                }
            }
        }

        /// <summary>The method declarations named <paramref name="name"/> in the compilation, with their trees' models.</summary>
        public static List<(SemanticModel Model, MethodDeclarationSyntax Method)> MethodsNamed(string name, Compilation compilation, CancellationToken cancellationToken)
        {
            var found = new List<(SemanticModel, MethodDeclarationSyntax)>();
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (tree.GetText(cancellationToken).ToString().IndexOf(name, System.StringComparison.Ordinal) < 0)
                {
                    continue;
                }

                foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
                {
                    if (node is MethodDeclarationSyntax method && method.Identifier.ValueText == name)
                    {
#pragma warning disable RS1030 // Only asked for a finding in hand: the implementations of a member a handler calls.
                        found.Add((compilation.GetSemanticModel(tree), method));
#pragma warning restore RS1030
                    }
                }
            }

            return found;
        }

        private static bool Names(string text, string[] names)
        {
            foreach (var name in names)
            {
                if (text.IndexOf(name, System.StringComparison.Ordinal) >= 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
