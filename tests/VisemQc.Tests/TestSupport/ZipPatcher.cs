using System.Buffers.Binary;
using System.Text;

namespace VisemQc.Tests.TestSupport;

/// <summary>Damages zip files on purpose, the way a bad disk or a bad download would.</summary>
public static class ZipPatcher
{
    /// <summary>Replaces every occurrence of a CRC-32 value (local header and central directory) with another.</summary>
    public static void ReplaceCrc32(string zipPath, uint from, uint to)
    {
        var bytes = File.ReadAllBytes(zipPath);
        var pattern = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(pattern, from);
        var replaced = 0;
        for (var i = bytes.AsSpan().IndexOf(pattern); i >= 0; i = NextIndex(bytes, pattern, i + 4))
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i), to);
            replaced++;
        }

        if (replaced == 0)
        {
            throw new InvalidOperationException($"CRC {from:x8} not found in {zipPath}.");
        }

        File.WriteAllBytes(zipPath, bytes);
    }

    /// <summary>The offset of an entry's data, from its local header (signature, then the name at offset 30).</summary>
    public static int FindLocalData(byte[] zip, string entryName)
    {
        var name = Encoding.UTF8.GetBytes(entryName);
        for (var i = 0; i + 30 < zip.Length; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i)) == 0x04034b50
                && BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(i + 26)) == name.Length
                && zip.AsSpan(i + 30, name.Length).SequenceEqual(name))
            {
                return i + 30 + name.Length + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(i + 28));
            }
        }

        throw new InvalidOperationException($"No local header for {entryName}.");
    }

    private static int NextIndex(byte[] bytes, byte[] pattern, int start)
    {
        var next = bytes.AsSpan(start).IndexOf(pattern);
        return next < 0 ? -1 : start + next;
    }
}
