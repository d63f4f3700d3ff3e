using System;
using System.Collections.Generic;
using System.Globalization;

namespace TokenAnalyzers.AppSettings
{
    /// <summary>
    /// The places in configuration files a compilation-end rule has reported (file and offset), so that a value reached
    /// twice (two views of the same file, two reads of the same path) is reported once.
    /// </summary>
    /// <remarks>
    /// A set of strings, not of <c>(string, int)</c> tuples: a set over a value type is code the JIT compiles for that
    /// set alone the first time a process runs it, while a set of references shares the code of every other one
    /// (issue 22: the first build on a fresh agent pays for each such instantiation).
    /// </remarks>
    internal sealed class ReportedPositions
    {
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>True the first time this file and offset are added.</summary>
        public bool Add(string path, int position) =>
            _seen.Add(position.ToString(CultureInfo.InvariantCulture) + "|" + path);
    }
}
