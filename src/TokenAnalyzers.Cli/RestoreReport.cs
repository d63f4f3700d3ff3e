using System;
using System.Collections.Generic;

namespace TokenAnalyzers.Cli
{
    /// <summary>What <c>dotnet restore</c> said: why a project's restore failed, and the warnings it printed per project.</summary>
    internal sealed class RestoreReport
    {
        private readonly Dictionary<string, List<string>> _warnings = new(StringComparer.Ordinal);

        /// <summary>Per project file, why its restore failed.</summary>
        public Dictionary<string, string> Failures { get; } = new(StringComparer.Ordinal);

        public void AddWarning(string project, string message)
        {
            if (!_warnings.TryGetValue(project, out var messages))
            {
                _warnings[project] = messages = new List<string>();
            }

            messages.Add(message.TrimEnd());
        }

        /// <summary>
        /// Whether a workspace failure ("Msbuild failed when processing the file '...' with message: ...") only repeats
        /// a warning the project's restore printed, such as NETSDK1086 for a FrameworkReference the SDK already adds:
        /// MSBuildWorkspace reports every MSBuild warning as a failure, and the project is loaded whole.
        /// </summary>
        public bool Warned(string project, string message)
        {
            if (!_warnings.TryGetValue(project, out var messages))
            {
                return false;
            }

            var text = message.TrimEnd();
            return messages.Exists(warning => warning.Length > 0 && text.EndsWith(": " + warning, StringComparison.Ordinal));
        }
    }
}
