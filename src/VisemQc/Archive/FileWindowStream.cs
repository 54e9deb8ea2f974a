using Microsoft.Win32.SafeHandles;

namespace VisemQc.Archive;

/// <summary>
/// A read-only, seekable view of the byte range [start, start + length) of a file: for a stored zip
/// entry, that range of the zip file is the entry itself, so nothing is copied. Reads are positional
/// (<see cref="RandomAccess"/>), so several windows can share one handle and none moves the others.
/// </summary>
internal sealed class FileWindowStream : Stream
{
    private readonly SafeFileHandle _handle;
    private readonly bool _ownsHandle;
    private readonly long _start;
    private readonly long _length;
    private long _position;
    private bool _disposed;

    public FileWindowStream(SafeFileHandle handle, long start, long length, bool ownsHandle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _handle = handle;
        _start = start;
        _length = length;
        _ownsHandle = ownsHandle;
    }

    /// <summary>The offset in the file of the window's first byte.</summary>
    public long Start => _start;

    public override bool CanRead => !_disposed;

    public override bool CanSeek => !_disposed;

    public override bool CanWrite => false;

    public override long Length
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _length;
        }
    }

    public override long Position
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _position;
        }

        set
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var toRead = Available(buffer.Length);
        if (toRead == 0)
        {
            return 0;
        }

        var read = RandomAccess.Read(_handle, buffer[..toRead], _start + _position);
        _position += read;
        return read;
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var toRead = Available(buffer.Length);
        if (toRead == 0)
        {
            return 0;
        }

        var read = await RandomAccess.ReadAsync(_handle, buffer[..toRead], _start + _position, cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin), origin, "SeekOrigin is Begin, Current or End."),
        };
        if (target < 0)
        {
            throw new IOException($"Cannot seek to {target}: before the start of the stream.");
        }

        _position = target;
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("The stream is read-only: it is a view of the dataset's files.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("The stream is read-only: it is a view of the dataset's files.");

    protected override void Dispose(bool disposing)
    {
        if (!_disposed && disposing && _ownsHandle)
        {
            _handle.Dispose();
        }

        _disposed = true;
        base.Dispose(disposing);
    }

    private int Available(int requested)
        => _position >= _length ? 0 : (int)Math.Min(requested, _length - _position);
}
