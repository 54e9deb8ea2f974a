using System.IO.Hashing;

namespace VisemQc.Sample;

/// <summary>
/// The sample dataset embedded in the assembly, made by the test kit from <c>VisemQc.Testing.SyntheticDatasetOptions.BuiltInSample</c>
/// (<c>src/VisemQc/Sample/generate-sample.sh</c> runs <c>visemqc sample --regenerate-builtin</c>).
/// Opening it needs a real file (videos are read in place with positional reads), so it is written once
/// under a name that carries its checksum, and rewritten only when missing or different.
/// </summary>
internal static class SampleData
{
    public const string ResourceName = "VisemQc.Sample.visem-qc-sample.zip";


    public static async Task<string> EnsureZipAsync(string folder, CancellationToken cancellationToken)
    {
        var bytes = await ReadResourceAsync(cancellationToken).ConfigureAwait(false);
        var crc = Crc32.HashToUInt32(bytes);
        var path = Path.Combine(folder, $"visem-qc-sample-{crc:x8}.zip");
        if (File.Exists(path) && IsSame(path, bytes))
        {
            return path;
        }

        Directory.CreateDirectory(folder);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await File.WriteAllBytesAsync(temporary, bytes, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return path;
    }

    public static async Task<byte[]> ReadResourceAsync(CancellationToken cancellationToken)
    {
        var stream = typeof(SampleData).Assembly.GetManifestResourceStream(ResourceName)
                     ?? throw new InvalidOperationException($"The sample resource '{ResourceName}' is missing from {typeof(SampleData).Assembly.GetName().Name}; the package is broken. Reinstall VisemQc.");
        await using (stream.ConfigureAwait(false))
        {
            var bytes = new byte[stream.Length];
            await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            return bytes;
        }
    }

    private static bool IsSame(string path, byte[] bytes)
    {
        var info = new FileInfo(path);
        return info.Length == bytes.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes);
    }
}
