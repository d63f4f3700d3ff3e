using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using System.Threading;
using System;
using Microsoft.CodeAnalysis.Text;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.AppSettings
{
    internal enum JsonKind
    {
        String,
        Number,
        True,
        False,
        Null,
        Object,
        Array,
    }
}
