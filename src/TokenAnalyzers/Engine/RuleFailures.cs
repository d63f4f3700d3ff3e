using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Engine
{
    /// <summary>
    /// TA0002: an exception inside a rule is reported at the node being analyzed, never swallowed and never let
    /// through. A swallowed exception looks like "no finding" (a silent all-clear, the worst failure of a security
    /// analyzer); one let through makes Roslyn drop every later finding of the whole analyzer for that file (AD0001).
    /// Each guard wraps one unit of work (one candidate node, one file, one compilation end), so a failure costs only
    /// that unit. The behaviour is the same in every build configuration.
    /// </summary>
    internal static class RuleFailures
    {
        public static readonly DiagnosticDescriptor CouldNotAnalyze = Descriptors.Create(
            RuleIds.CouldNotAnalyze,
            "TokenAnalyzers could not analyze this code",
            "TokenAnalyzers could not analyze this code: {0} failed with {1}: {2} (at {3}); its findings here may be missing, please report this",
            "An internal error of a rule: the code at this location was not fully checked by that rule. The other rules and the rest of the file were checked. Please report the message at the project's issue tracker.",
            DiagnosticSeverity.Info);

        /// <summary>A node action that reports TA0002 at its node when <paramref name="action"/> throws.</summary>
        public static Action<NodeContext> Guard(string rule, Action<NodeContext> action) => context =>
        {
            try
            {
                action(context);
            }
            catch (Exception exception) when (!IsCancellation(exception, context.CancellationToken))
            {
                context.ReportDiagnostic(Create(rule, exception, context.Node.GetLocation()));
            }
        };

        /// <summary>Runs <paramref name="action"/>; when it throws, reports TA0002 at <paramref name="location"/>.</summary>
        public static void Run(string rule, Location location, Action<Diagnostic> report, CancellationToken cancellationToken, Action action)
        {
            CallbackProbe.Enter(CallbackProbe.GuardedAction);
            try
            {
                action();
            }
            catch (Exception exception) when (!IsCancellation(exception, cancellationToken))
            {
                report(Create(rule, exception, location));
            }

            CallbackProbe.Exit(CallbackProbe.GuardedAction); // not in a finally: a cancelled analysis is not measured, and the package keeps its IL
        }

        /// <summary>
        /// TA0002 for a member nested too deep to ask the compiler for its operation tree without risking a stack
        /// overflow of the host (<see cref="NestingDepth"/>): no rule analyzes its candidates, and this says so once,
        /// at the first of them.
        /// </summary>
        public static Diagnostic TooDeep(int depth, Location location) =>
            Diagnostic.Create(CouldNotAnalyze, location, "every rule", typeof(InsufficientExecutionStackException).FullName,
                NestingDepth.Describe("this member", depth) + ", so it was not analyzed",
                typeof(NestingDepth).FullName);

        /// <summary>The location of a whole additional file (its first character).</summary>
        public static Location FileStart(string path) =>
            Location.Create(path, default(TextSpan), new LinePositionSpan(default, default));

        public static Diagnostic Create(string rule, Exception exception, Location location) =>
            Diagnostic.Create(CouldNotAnalyze, location, rule, exception.GetType().FullName, exception.Message, FirstFrame(exception));

        /// <summary>
        /// Starts <paramref name="rule"/> for a compilation; when it throws, returns a report for the start of the
        /// first file (a rule that could not start checks nothing in the compilation: said once, at a place that does
        /// not depend on the order files are analyzed in). The rule's name is built only then: a project without the
        /// token libraries starts every rule and needs none of their names (issue 22).
        /// </summary>
        public static Func<SyntaxTree, Diagnostic>? RunAtStart(TokenRule rule, RuleStart start, TokenSymbols? symbols, CancellationToken cancellationToken)
        {
            try
            {
                start.BeginRule(rule);
                rule.Start(start, symbols);
                return null;
            }
            catch (Exception exception) when (!IsCancellation(exception, cancellationToken))
            {
                var name = rule.Name;
                return firstFile => Create(name, exception, Location.Create(firstFile, default(TextSpan)));
            }
        }

        /// <summary>A cancelled analysis is not a failure: the host asked for it and discards the results.</summary>
        private static bool IsCancellation(Exception exception, CancellationToken cancellationToken) =>
            exception is OperationCanceledException && cancellationToken.IsCancellationRequested;

        private static string FirstFrame(Exception exception)
        {
            var trace = exception.StackTrace;
            if (string.IsNullOrEmpty(trace))
            {
                return "no stack trace";
            }

            var end = trace!.IndexOfAny(new[] { '\r', '\n' });
            var frame = (end < 0 ? trace : trace.Substring(0, end)).Trim();
            return frame.StartsWith("at ", StringComparison.Ordinal) ? frame.Substring(3) : frame;
        }
    }
}
