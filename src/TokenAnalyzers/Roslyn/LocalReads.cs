using System.Collections.Generic;
using System;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Roslyn
{
    /// <summary>Every read of each local in one member body, collected in one walk.</summary>
    internal sealed class LocalReads
    {
        private readonly Dictionary<ILocalSymbol, List<ILocalReferenceOperation>> _reads = new(SymbolEqualityComparer.Default);

        public LocalReads(IOperation root)
        {
            foreach (var operation in MemberBody.All(root))
            {
                if (operation is ILocalReferenceOperation reference && !IsWriteTarget(reference))
                {
                    if (!_reads.TryGetValue(reference.Local, out var list))
                    {
                        list = new List<ILocalReferenceOperation>();
                        _reads.Add(reference.Local, list);
                    }

                    list.Add(reference);
                }
            }
        }

        public IReadOnlyList<ILocalReferenceOperation> Of(ILocalSymbol local) =>
            _reads.TryGetValue(local, out var list) ? list : (IReadOnlyList<ILocalReferenceOperation>)Array.Empty<ILocalReferenceOperation>();

        private static bool IsWriteTarget(ILocalReferenceOperation reference) =>
            reference.IsDeclaration ||
            reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference;
    }
}
