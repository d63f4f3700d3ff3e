using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TokenAnalyzers.Roslyn
{
    /// <summary>
    /// The <c>?.</c> operator in operation trees: the access after it reads a placeholder
    /// (<see cref="IConditionalAccessInstanceOperation"/>) that stands for the value the operator tested.
    /// </summary>
    internal static class ConditionalAccess
    {
        private const int MaxDepth = 8;

        /// <summary>The value a <c>?.</c> tests, for the placeholder that stands for it in the access after it.</summary>
        public static IOperation? ReceiverOf(IOperation placeholder)
        {
            for (IOperation current = placeholder; current.Parent is { } parent; current = parent)
            {
                if (parent is IConditionalAccessOperation conditional && conditional.WhenNotNull == current)
                {
                    return conditional.Operation;
                }
            }

            return null;
        }

        /// <summary>
        /// The member path a value reads, with <c>?.</c>, <c>!</c> and conversions seen through: <c>jwt?.Audiences</c>,
        /// <c>jwt!.Audiences</c> and <c>jwt.Audiences</c> are all <c>jwt.Audiences</c>. Null for anything but locals,
        /// parameters, <c>this</c>, fields and properties without arguments.
        /// </summary>
        public static string? PathOf(IOperation? operation)
        {
            var path = new StringBuilder();
            return Append(path, operation, 0) ? path.ToString() : null;
        }

        private static bool Append(StringBuilder path, IOperation? operation, int depth)
        {
            operation = DelegateBody.Unwrap(operation);
            if (operation is null || depth > MaxDepth)
            {
                return false;
            }

            switch (operation)
            {
                case ILocalReferenceOperation local:
                    path.Append(local.Local.Name);
                    return true;
                case IParameterReferenceOperation parameter:
                    path.Append(parameter.Parameter.Name);
                    return true;
                case IInstanceReferenceOperation:
                    path.Append("this");
                    return true;
                case IConditionalAccessOperation conditional:
                    return Append(path, conditional.WhenNotNull, depth + 1);
                case IConditionalAccessInstanceOperation placeholder:
                    return Append(path, ReceiverOf(placeholder), depth + 1);
                case IMemberReferenceOperation member and (IFieldReferenceOperation or IPropertyReferenceOperation { Arguments.Length: 0 }):
                    if (member.Instance is null)
                    {
                        path.Append(member.Member.ContainingType.Name);
                    }
                    else if (!Append(path, member.Instance, depth + 1))
                    {
                        return false;
                    }

                    path.Append('.').Append(member.Member.Name);
                    return true;
                default:
                    return false;
            }
        }
    }
}
