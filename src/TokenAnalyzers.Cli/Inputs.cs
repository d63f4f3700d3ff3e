using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace TokenAnalyzers.Cli
{
    /// <summary>
    /// What the command line names, as files MSBuild can load: a solution (.sln, .slnx) is opened as a solution, a
    /// project as a project, and a folder stands for every C# project under it (build output, .git and node_modules
    /// folders aside), loaded together so a project referenced by several is loaded once.
    /// </summary>
    internal sealed class Inputs
    {
        private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", ".git", ".vs", "node_modules", "artifacts" };

        public List<string> Solutions { get; } = new();

        public List<string> Projects { get; } = new();

        /// <summary>
        /// The folder the paths have in common (a folder path itself, a file's folder): findings are shown relative to it
        /// and SARIF URIs are relative to it. With several paths, the first one's folder would show its files without
        /// a folder and the others' with their full paths.
        /// </summary>
        public string Root { get; private set; } = Directory.GetCurrentDirectory();

        public static Inputs Find(IReadOnlyList<string> paths)
        {
            var inputs = new Inputs();
            for (var i = 0; i < paths.Count; i++)
            {
                var path = paths[i];
                if (Directory.Exists(path))
                {
                    inputs.Root = i == 0 ? path : CommonFolder(inputs.Root, path);
                    inputs.Projects.AddRange(ProjectsUnder(path));
                }
                else if (File.Exists(path))
                {
                    inputs.Root = i == 0 ? Path.GetDirectoryName(path)! : CommonFolder(inputs.Root, Path.GetDirectoryName(path)!);

                    var extension = Path.GetExtension(path).ToLowerInvariant();
                    switch (extension)
                    {
                        case ".sln":
                        case ".slnx":
                            inputs.Solutions.Add(path);
                            break;
                        case ".csproj":
                            inputs.Projects.Add(path);
                            break;
                        default:
                            throw new UsageException($"{path} is not a .sln, .slnx or .csproj file");
                    }
                }
                else
                {
                    throw new UsageException($"{path} does not exist");
                }
            }

            var projects = inputs.Projects.Distinct(StringComparer.Ordinal).ToList();
            inputs.Projects.Clear();
            inputs.Projects.AddRange(projects);
            if (inputs.Solutions.Count == 0 && inputs.Projects.Count == 0)
            {
                throw new UsageException($"no .sln, .slnx or .csproj file under {string.Join(", ", paths)}");
            }

            return inputs;
        }

        /// <summary>The deepest folder that holds both (the file system's root at worst).</summary>
        private static string CommonFolder(string a, string b)
        {
            var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var common = Path.TrimEndingDirectorySeparator(a);
            var other = Path.TrimEndingDirectorySeparator(b);
            while (!string.Equals(common, other, comparison) && !other.StartsWith(common + Path.DirectorySeparatorChar, comparison))
            {
                var parent = Path.GetDirectoryName(common);
                if (parent is null)
                {
                    return common;
                }

                common = parent;
            }

            return common;
        }

        private static IEnumerable<string> ProjectsUnder(string folder)
        {
            var pending = new Stack<string>();
            pending.Push(folder);
            var found = new List<string>();
            while (pending.Count > 0)
            {
                var current = pending.Pop();
                IEnumerable<string> files;
                IEnumerable<string> folders;
                try
                {
                    files = Directory.EnumerateFiles(current, "*.csproj").ToList();
                    folders = Directory.EnumerateDirectories(current).ToList();
                }
                catch (Exception e) when (e is UnauthorizedAccessException or IOException)
                {
                    // Skipping it would report a clean tree that was never read: say so, and exit with 2.
                    throw new UsageException($"cannot read the folder {current}: {e.Message}");
                }

                found.AddRange(files);
                foreach (var child in folders)
                {
                    if (!SkippedFolders.Contains(Path.GetFileName(child)))
                    {
                        pending.Push(child);
                    }
                }
            }

            found.Sort(StringComparer.Ordinal);
            return found;
        }
    }
}
