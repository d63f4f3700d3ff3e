// Checks a TokenAnalyzers .nupkg: exactly the expected files, and a nuspec without dependencies that marks the
// package as a development dependency. Run as a file-based app: dotnet run .ci/check-package.cs -- <nupkg>
#:property PublishAot=false
using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;

var path = args[0];
var expected = new[]
{
    "PACKAGE.md",
    "TokenAnalyzers.nuspec",
    "icon.png",
    "analyzers/dotnet/cs/TokenAnalyzers.CodeFixes.dll",
    "analyzers/dotnet/cs/TokenAnalyzers.dll",
    "build/TokenAnalyzers.props",
    "build/TokenAnalyzers.targets",
    "build/presets/TokenAnalyzers.all-errors.globalconfig",
    "build/presets/TokenAnalyzers.all-suggestions.globalconfig",
    "build/presets/TokenAnalyzers.all-warnings.globalconfig",
    "build/presets/TokenAnalyzers.default.globalconfig",
    "build/presets/TokenAnalyzers.none.globalconfig",
    "buildTransitive/TokenAnalyzers.props",
    "buildTransitive/TokenAnalyzers.targets",
};

var problems = new List<string>();
using var zip = ZipFile.OpenRead(path);

// Packaging plumbing every .nupkg has.
var files = zip.Entries.Select(e => e.FullName)
    .Where(n => n != "[Content_Types].xml" && !n.StartsWith("_rels/", StringComparison.Ordinal) && !n.StartsWith("package/", StringComparison.Ordinal))
    .OrderBy(n => n, StringComparer.Ordinal)
    .ToList();
Console.WriteLine("package files:");
files.ForEach(f => Console.WriteLine("  " + f));
problems.AddRange(expected.Except(files).Select(f => "missing: " + f));
problems.AddRange(files.Except(expected).Select(f => "unexpected: " + f));

using (var stream = zip.GetEntry("TokenAnalyzers.nuspec")!.Open())
{
    var metadata = XDocument.Load(stream).Root!.Elements().First(e => e.Name.LocalName == "metadata");
    string? Value(string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
    if (Value("id") != "TokenAnalyzers") problems.Add("nuspec id is " + Value("id"));
    if (Value("developmentDependency") != "true") problems.Add("nuspec developmentDependency is not true");
    if (Value("readme") != "PACKAGE.md") problems.Add("nuspec readme is not PACKAGE.md");
    if (Value("license") != "MIT") problems.Add("nuspec license is not MIT");
    if (Value("icon") != "icon.png") problems.Add("nuspec icon is not icon.png");
    if (metadata.Elements().Any(e => e.Name.LocalName == "dependencies")) problems.Add("nuspec has dependencies");
    if (metadata.Elements().Any(e => e.Name.LocalName == "frameworkReferences")) problems.Add("nuspec has framework references");
}

foreach (var preset in files.Where(f => f.EndsWith(".globalconfig", StringComparison.Ordinal)))
{
    using var reader = new StreamReader(zip.GetEntry(preset)!.Open());
    var text = reader.ReadToEnd();
    if (!text.Contains("is_global = true") || !text.Contains("global_level = -100")) problems.Add(preset + ": not a lowest-level global config");
}

problems.ForEach(p => Console.WriteLine("PROBLEM: " + p));
return problems.Count == 0 ? 0 : 1;
