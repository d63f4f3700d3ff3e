using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.Cli
{
    /// <summary>
    /// <c>--fix</c>: the package's own code fixes, nothing else, applied as an IDE's Fix All in document applies them
    /// (one equivalence key at a time, re-analyzing between passes), then written back with each file's encoding.
    /// A fix that declines (RULES.md: no safe fix for that shape) leaves its finding in the report.
    /// </summary>
    internal sealed class FixRunner
    {
        private const int MaxPasses = 50;

        private readonly PackageRules _rules;
        private readonly RuleFilter _filter;
        private readonly Func<Project, Task<ImmutableArray<Diagnostic>>> _analyze;

        public FixRunner(PackageRules rules, RuleFilter filter, Func<Project, Task<ImmutableArray<Diagnostic>>> analyze)
        {
            _rules = rules;
            _filter = filter;

            // A project snapshot is immutable: the pass and the Fix All it starts share one analysis of it.
            _analyze = project => _analyses.GetValue(project, p => analyze(p));
        }

        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Project, Task<ImmutableArray<Diagnostic>>> _analyses = new();

        /// <summary>
        /// Fixes the documents of <paramref name="project"/> no other project file claimed yet (a linked file is fixed
        /// by one project; the target frameworks of one project file each fix it in turn, the caller handing each the
        /// text the one before it wrote); returns the changed files and the diagnostics left after the fixes.
        /// </summary>
        public async Task<(List<FixedFile> Files, ImmutableArray<Diagnostic> After)> FixAsync(
            Project project, ImmutableArray<Diagnostic> before, ConcurrentDictionary<string, string> claimed, CancellationToken cancellationToken)
        {
            var original = project.Solution;
            var solution = original;
            var declined = new HashSet<(string? Path, TextSpan Span, string Id)>();
            var diagnostics = before;
            _analyses.AddOrUpdate(project, Task.FromResult(before));
            for (var pass = 0; pass < MaxPasses; pass++)
            {
                var current = solution.GetProject(project.Id)!;
                var changed = false;
                foreach (var group in diagnostics.Where(d => d.Location.IsInSource && !d.IsSuppressed && _rules.HasFix(d.Id)).GroupBy(d => d.Location.SourceTree!))
                {
                    var document = current.GetDocument(group.Key);
                    var owner = project.FilePath ?? project.Id.ToString(); // every target framework of the project file
                    if (document?.FilePath is null || claimed.GetOrAdd(document.FilePath, owner) != owner ||
                        !await WritesBackAsync(original.GetDocument(document.Id), cancellationToken).ConfigureAwait(false))
                    {
                        continue;
                    }

                    foreach (var diagnostic in group.OrderBy(d => d.Location.SourceSpan.Start))
                    {
                        var key = (document.FilePath, diagnostic.Location.SourceSpan, diagnostic.Id);
                        if (declined.Contains(key))
                        {
                            continue;
                        }

                        var fixedSolution = await FixAllInDocumentAsync(document, diagnostic, cancellationToken).ConfigureAwait(false);
                        if (fixedSolution is null || fixedSolution == solution)
                        {
                            declined.Add(key);
                            continue;
                        }

                        solution = fixedSolution;
                        changed = true;
                        break; // the document changed: its other diagnostics are re-read in the next pass
                    }
                }

                if (!changed)
                {
                    break;
                }

                diagnostics = await _analyze(solution.GetProject(project.Id)!).ConfigureAwait(false);
            }

            var files = new List<FixedFile>();
            var changes = solution.GetChanges(original).GetProjectChanges().SelectMany(p => p.GetChangedDocuments()).ToList();
            foreach (var id in changes)
            {
                var document = solution.GetDocument(id)!;
                var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                var path = document.FilePath!;
                var fixedById = FixedCounts(before, diagnostics, path, _rules.HasFix);
                var originalText = await original.GetDocument(id)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
                await File.WriteAllTextAsync(path, text.ToString(), originalText.Encoding ?? new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
                files.Add(new FixedFile(path, fixedById, Written: true));
            }

            return (files, diagnostics);
        }

        /// <summary>
        /// Files whose text cannot be written back as it was read (a file saved in a legacy code page such as GBK, read
        /// as UTF-8 with replacement characters): a fix there would destroy every character it never touched, so the
        /// file is not fixed and <see cref="Unwritable"/> names it.
        /// </summary>
        public List<string> Unwritable { get; } = new();

        private readonly Dictionary<DocumentId, bool> _writable = new();

        /// <summary>Does the document's text, encoded as it will be written, give back the bytes of the file on disk?</summary>
        private async Task<bool> WritesBackAsync(Document? document, CancellationToken cancellationToken)
        {
            if (document?.FilePath is not { } path)
            {
                return false;
            }

            if (_writable.TryGetValue(document.Id, out var known))
            {
                return known;
            }

            var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            var encoding = text.Encoding ?? new UTF8Encoding(false);
            var onDisk = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            var preamble = encoding.GetPreamble();
            var hasPreamble = preamble.Length > 0 && onDisk.AsSpan().StartsWith(preamble);
            var written = encoding.GetBytes(text.ToString());
            var writable = onDisk.AsSpan(hasPreamble ? preamble.Length : 0).SequenceEqual(written);
            _writable[document.Id] = writable;
            if (!writable)
            {
                Unwritable.Add(path);
            }

            return writable;
        }

        /// <summary>
        /// How many findings of each rule with a code fix the fixes took out of the file at <paramref name="path"/>. A
        /// finding of a rule without one that went with the fixed code (TA401's read inside a statement TA404's fix
        /// removed) was not fixed, and is not counted as if it were (round AU).
        /// </summary>
        internal static Dictionary<string, int> FixedCounts(ImmutableArray<Diagnostic> before, ImmutableArray<Diagnostic> after, string path, Func<string, bool> hasFix)
        {
            var left = Count(after, path);
            return Count(before, path).Select(c => (c.Key, Fixed: c.Value - left.GetValueOrDefault(c.Key)))
                .Where(c => c.Fixed > 0 && hasFix(c.Key))
                .ToDictionary(c => c.Key, c => c.Fixed, StringComparer.Ordinal);
        }

        private static Dictionary<string, int> Count(ImmutableArray<Diagnostic> diagnostics, string path) =>
            diagnostics.Where(d => d.Location.IsInSource && !d.IsSuppressed && d.Location.SourceTree!.FilePath == path)
                .GroupBy(d => d.Id)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        /// <summary>The first fix offered for <paramref name="diagnostic"/>, widened to Fix All in its document with that fix's equivalence key.</summary>
        private async Task<Solution?> FixAllInDocumentAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            foreach (var fixer in _rules.FixersFor(diagnostic.Id))
            {
                var actions = new List<CodeAction>();
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken)).ConfigureAwait(false);
                var first = actions.FirstOrDefault();
                if (first is null)
                {
                    continue;
                }

                var toApply = first;
                var fixAll = fixer.GetFixAllProvider();
                if (fixAll is not null && fixAll.GetSupportedFixAllScopes().Contains(FixAllScope.Document))
                {
                    var ids = fixer.FixableDiagnosticIds.Where(_filter.Includes).ToImmutableArray();
                    var context = new FixAllContext(document, fixer, FixAllScope.Document, first.EquivalenceKey, ids, new DiagnosticProvider(_analyze), cancellationToken);
                    toApply = await fixAll.GetFixAsync(context).ConfigureAwait(false) ?? first;
                }

                var operations = await toApply.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
                if (operations.OfType<ApplyChangesOperation>().FirstOrDefault() is { } apply)
                {
                    return apply.ChangedSolution;
                }
            }

            return null;
        }

        /// <summary>
        /// The diagnostics a Fix All asks for: the package's, re-computed on the document's current project, without the
        /// ones suppressed in source (<c>#pragma</c>, <c>[SuppressMessage]</c>), which a fix must leave alone.
        /// </summary>
        private sealed class DiagnosticProvider : FixAllContext.DiagnosticProvider
        {
            private readonly Func<Project, Task<ImmutableArray<Diagnostic>>> _analyze;

            public DiagnosticProvider(Func<Project, Task<ImmutableArray<Diagnostic>>> analyze) => _analyze = analyze;

            public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            {
                var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
                return (await ActiveAsync(document.Project).ConfigureAwait(false)).Where(d => d.Location.SourceTree == tree);
            }

            public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                (await ActiveAsync(project).ConfigureAwait(false)).Where(d => !d.Location.IsInSource);

            public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                await ActiveAsync(project).ConfigureAwait(false);

            private async Task<IEnumerable<Diagnostic>> ActiveAsync(Project project) =>
                (await _analyze(project).ConfigureAwait(false)).Where(d => !d.IsSuppressed);
        }
    }
}
