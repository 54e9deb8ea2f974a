using System.Text.RegularExpressions;
using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.Docs;

/// <summary>Every C# sample in README.md and docs/*.md is a snippet compiled and run by the tests, copied verbatim.</summary>
public sealed partial class DocsSnippetTests
{
    public static TheoryData<string> MarkdownFiles()
    {
        var data = new TheoryData<string> { "README.md" };
        foreach (var file in Directory.GetFiles(RepositoryRoot.Combine("docs"), "*.md").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepositoryRoot.Path, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void CSharpBlocks_AreSnippetsFromTheTests(string markdownFile)
    {
        var markdown = File.ReadAllText(RepositoryRoot.Combine(markdownFile)).ReplaceLineEndings("\n");
        var snippets = LoadSnippets();

        foreach (Match block in CSharpBlock().Matches(markdown))
        {
            var name = block.Groups["name"];
            Assert.True(name.Success, $"{markdownFile}: a ```csharp block without a '<!-- snippet: name -->' line before it; keep every sample in tests/VisemQc.Tests/Docs so that it compiles.");
            Assert.True(snippets.TryGetValue(name.Value, out var snippet), $"{markdownFile}: no snippet '{name.Value}' in tests/VisemQc.Tests/Docs.");
            Assert.Equal(snippet, block.Groups["code"].Value);
        }
    }

    private static Dictionary<string, string> LoadSnippets()
    {
        var snippets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(RepositoryRoot.Combine("tests", "VisemQc.Tests", "Docs"), "*.cs"))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var begin = lines[i].Trim();
                if (!begin.StartsWith("// begin-snippet: ", StringComparison.Ordinal))
                {
                    continue;
                }

                var end = Array.FindIndex(lines, i, l => l.Trim() == "// end-snippet");
                var body = lines[(i + 1)..end];
                var indent = body.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
                snippets.Add(begin["// begin-snippet: ".Length..], string.Join('\n', body.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())));
            }
        }

        return snippets;
    }

    [GeneratedRegex(@"(?:<!-- snippet: (?<name>[\w-]+)[^\n]*-->\n)?```csharp\n(?<code>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
