using System.IO.Compression;
using System.Reflection.Metadata;
using System.Xml.Linq;
using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.Packaging;

/// <summary>
/// The nuspec is written by hand, so it can drift from the project: these tests pack the library and
/// compare the package with the project's package references and Directory.Packages.props.
/// </summary>
public sealed class NuspecTests : IClassFixture<NuspecTests.PackedPackage>
{
    private readonly PackedPackage _package;

    public NuspecTests(PackedPackage package) => _package = package;

    [Fact]
    public void Dependencies_AreExactlyTheLibrarysPackageReferencesAtCentralVersions()
    {
        var versions = XDocument.Load(RepositoryRoot.Combine("Directory.Packages.props"))
            .Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
        var expected = XDocument.Load(RepositoryRoot.Combine("src", "VisemQc", "VisemQc.csproj"))
            .Descendants("PackageReference")
            .Where(e => (string?)e.Attribute("PrivateAssets") != "all")
            .Select(e => (string)e.Attribute("Include")!)
            .Select(id => $"{id} {versions[id]}")
            .Order(StringComparer.Ordinal);

        var group = Assert.Single(_package.Metadata.Element(_package.Ns + "dependencies")!.Elements(_package.Ns + "group"));
        Assert.Equal("net10.0", (string?)group.Attribute("targetFramework"));
        var actual = group.Elements(_package.Ns + "dependency")
            .Select(d => $"{(string)d.Attribute("id")!} {(string)d.Attribute("version")!}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Package_HoldsLibraryDocsReadmeAndLicense()
    {
        Assert.Contains("lib/net10.0/VisemQc.dll", _package.Entries);
        Assert.Contains("lib/net10.0/VisemQc.xml", _package.Entries);
        Assert.Contains("README.md", _package.Entries);
        Assert.Contains("LICENSE", _package.Entries);
        Assert.DoesNotContain(_package.Entries, e => e.EndsWith(".pdb", StringComparison.Ordinal));
        Assert.Equal("README.md", (string?)_package.Metadata.Element(_package.Ns + "readme"));
        var license = _package.Metadata.Element(_package.Ns + "license")!;
        Assert.Equal(("expression", "MIT"), ((string?)license.Attribute("type"), license.Value));
    }

    [Fact]
    public void Package_HoldsTheNotebookExtensionOutsideLib()
    {
        // .NET Interactive loads kernel extensions from this folder after #r "nuget: VisemQc"; apps never reference it.
        Assert.Contains("interactive-extensions/dotnet/VisemQc.Interactive.dll", _package.Entries);
        Assert.Equal(["lib/net10.0/VisemQc.Testing.dll", "lib/net10.0/VisemQc.dll"], _package.Entries.Where(e => e.EndsWith(".dll", StringComparison.Ordinal) && e.StartsWith("lib/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Package_HoldsTheTestKitBesideTheLibrary()
    {
        // One package: the CLI's sample command and notebooks use the kit, and #r "nuget: VisemQc" gives it.
        Assert.Contains("lib/net10.0/VisemQc.Testing.dll", _package.Entries);
        Assert.Contains("lib/net10.0/VisemQc.Testing.xml", _package.Entries);
    }

    [Fact]
    public void Repository_IsTheProjectUrlAtTheCommitPacked()
    {
        var head = ExternalTool.Run("git", RepositoryRoot.Path, "rev-parse", "HEAD").Trim();
        var repositoryUrl = (string)XDocument.Load(RepositoryRoot.Combine("Directory.Build.props")).Descendants("RepositoryUrl").Single();

        var repository = _package.Metadata.Element(_package.Ns + "repository")!;

        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.Equal(repositoryUrl, (string?)repository.Attribute("url"));
        Assert.Equal(repositoryUrl, (string?)_package.Metadata.Element(_package.Ns + "projectUrl"));
        Assert.Equal(head, (string?)repository.Attribute("commit"));
    }

    [Fact]
    public void ReleaseNotes_AreTheReleaseNotesFile()
    {
        var expected = File.ReadAllText(RepositoryRoot.Combine("RELEASE-NOTES.md")).Trim().ReplaceLineEndings("\n");

        var actual = ((string?)_package.Metadata.Element(_package.Ns + "releaseNotes"))?.ReplaceLineEndings("\n");

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void SymbolPackage_HoldsThePdbWithSourceLinkToTheCommit()
    {
        var head = ExternalTool.Run("git", RepositoryRoot.Path, "rev-parse", "HEAD").Trim();
        using var zip = ZipFile.OpenRead(_package.SymbolPackagePath);
        var pdbEntry = zip.GetEntry("lib/net10.0/VisemQc.pdb");
        Assert.NotNull(pdbEntry);
        using var pdb = new MemoryStream();
        using (var stream = pdbEntry.Open())
        {
            stream.CopyTo(pdb);
        }

        pdb.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
        var reader = provider.GetMetadataReader();
        var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
        var sourceLink = reader.CustomDebugInformation
            .Select(reader.GetCustomDebugInformation)
            .Where(c => reader.GetGuid(c.Kind) == sourceLinkKind)
            .Select(c => System.Text.Encoding.UTF8.GetString(reader.GetBlobBytes(c.Value)))
            .Single();

        Assert.Contains($"https://raw.githubusercontent.com/visemqc/visemqc/{head}/*", sourceLink, StringComparison.Ordinal);
        Assert.True(reader.Documents.Count > 50, $"the PDB lists {reader.Documents.Count} documents");
    }

    [Fact]
    public void Version_ComesFromDirectoryBuildProps()
    {
        var prefix = (string)XDocument.Load(RepositoryRoot.Combine("Directory.Build.props")).Descendants("VersionPrefix").Single();

        Assert.Equal(prefix, (string?)_package.Metadata.Element(_package.Ns + "version"));
        Assert.Equal("VisemQc", (string?)_package.Metadata.Element(_package.Ns + "id"));
    }

    /// <summary>Packs the already-built library once for the class (no rebuild), into a temporary folder.</summary>
    public sealed class PackedPackage : IDisposable
    {
        private readonly TempFolder _output = new("visemqc-pack-");

        public PackedPackage()
        {
            var configuration = typeof(PackedPackage).Assembly.Location.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            ExternalTool.Run("dotnet", RepositoryRoot.Path, "pack", RepositoryRoot.Combine("src", "VisemQc", "VisemQc.csproj"), "--no-build", "--no-restore", "-c", configuration, "-o", _output.Path);
            var nupkg = Assert.Single(Directory.GetFiles(_output.Path, "VisemQc.*.nupkg"));
            SymbolPackagePath = Path.ChangeExtension(nupkg, ".snupkg");
            Assert.True(File.Exists(SymbolPackagePath), $"no symbol package beside {nupkg}");
            using var zip = ZipFile.OpenRead(nupkg);
            Entries = zip.Entries.Select(e => e.FullName).ToArray();
            using var nuspec = zip.GetEntry("VisemQc.nuspec")!.Open();
            var document = XDocument.Load(nuspec);
            Ns = document.Root!.Name.Namespace;
            Metadata = document.Root.Element(Ns + "metadata")!;
        }

        public IReadOnlyList<string> Entries { get; }

        public string SymbolPackagePath { get; }

        public XNamespace Ns { get; }

        public XElement Metadata { get; }

        public void Dispose() => _output.Dispose();
    }
}
