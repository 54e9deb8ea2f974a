using System.Buffers;
using System.IO.Hashing;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using Polly.Timeout;

namespace VisemQc.Download;

/// <summary>The connections: requests, resumption after failures, receiving blocks and writing them.</summary>
internal sealed partial class DownloadSession
{
    /// <summary>
    /// How many responses in a row (with no byte received in between) may break the range rules on one
    /// connection before the typed error is thrown: enough for a few bad answers from a flaky proxy
    /// among good ones, few enough that a server that always answers so fails fast.
    /// </summary>
    private const int MaxProtocolFaults = 5;

    /// <summary>
    /// The size of each write to the file: 16 KiB, as curl writes. On Linux 6.18 (ext4, a 2-core VM), a
    /// loop receiving 1 GiB over loopback, hashing it and writing each 1 MiB buffer with one write took
    /// 2.1-2.3 s, most of it kernel time, once the page cache had settled; with 16 KiB writes it took
    /// 0.95-1.06 s. Probably the kernel gives a large write large page-cache folios, which were much
    /// slower to fill there. The 64 system calls per MiB cost little next to that. The effect on the
    /// whole download is in benchmarks/README.md.
    /// </summary>
    private const int WriteSize = 16 << 10;

    /// <summary>Starts from byte 0: one request (Range: bytes=0-) pins the length and validators, then the connections run.</summary>
    private async Task StartFreshAsync(Uri source, HttpResponseMessage? response)
    {
        _progress.SetPhase(DownloadPhase.Connecting, 0, null);
        var failures = new FailureCounter(this, connection: 0);
        (long Start, long End) accepted;
        while (true)
        {
            try
            {
                response ??= await SendAsync(source, 0, null, _cancellationToken).ConfigureAwait(false);
                accepted = await AcceptAsync(response, source, 0, null).ConfigureAwait(false);
                break;
            }
            catch (DownloadFault fault) when (fault.Kind is FaultKind.Transient or FaultKind.Protocol)
            {
                response?.Dispose();
                response = null;

                // No connection runs yet, so this one is the last and never told to stop: it retries or throws.
                _ = await failures.OnFailureAsync(fault, 0, progressed: false, _cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                response?.Dispose();
                throw;
            }
        }

        try
        {
            var remote = _remote!;

            // A .part without a usable manifest holds nothing verified; its space counts as free.
            File.Delete(_partPath);
            CheckDiskSpace(remote.Length);
            _part = File.OpenHandle(_partPath, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, FileOptions.None, remote.Length);
            RandomAccess.SetLength(_part, remote.Length);
            var manifest = new DownloadManifest
            {
                Source = source.AbsoluteUri,
                ETag = remote.ETag?.ToString(),
                LastModified = remote.LastModified,
                LastModifiedIsStrong = remote.LastModifiedIsStrong,
                Length = remote.Length,
                BlockSize = _options.BlockSize,
                Blocks = new string?[DownloadManifest.BlockCount(remote.Length, _options.BlockSize)],
            };
            _blocks = new BlockTable(manifest, _manifestPath);
            _blocks.Commit();
            _progress.SetPhase(DownloadPhase.Downloading, 0, remote.Length);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        var runs = _blocks.Count == 0 ? [] : SegmentScheduler.Split([(0, _blocks.Count)], ConnectionsFor(_blocks.Length));
        await RunConnectionsAsync(source, runs, response, accepted.End).ConfigureAwait(false);
    }

    /// <summary>Downloads the blocks that are not verified yet, with If-Range against the pinned validator.</summary>
    private async Task FetchMissingAsync(Uri source)
    {
        var blocks = _blocks!;
        var missing = blocks.MissingRuns();
        if (missing.Count == 0)
        {
            return;
        }

        long missingBytes = missing.Sum(r => blocks.BlockStart(r.End - 1) + blocks.BlockLength(r.End - 1) - blocks.BlockStart(r.Start));
        _progress.SetPhase(DownloadPhase.Downloading, blocks.Length - missingBytes, blocks.Length);
        int connections = _rangesSupported ? ConnectionsFor(missingBytes) : 1;
        await RunConnectionsAsync(source, SegmentScheduler.Split(missing, connections), null, 0).ConfigureAwait(false);
    }

    private int ConnectionsFor(long bytes)
        => _rangesSupported ? (int)Math.Clamp(bytes / _options.MinBytesPerConnection, 1, _options.Connections) : 1;

    /// <summary>Runs one task per connection until every run is done; the first failure stops the others.</summary>
    private async Task RunConnectionsAsync(Uri source, List<(int Start, int End)> runs, HttpResponseMessage? first, long firstEnd)
    {
        var scheduler = new SegmentScheduler(runs);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken);
        _liveConnections = Math.Min(runs.Count, _options.Connections);
        Exception? failure = null;
        var failureLock = new Lock();

        async Task ConnectionAsync(int id, HttpResponseMessage? firstResponse)
        {
            var connection = new Connection(id, Math.Min(BlockTable.IoBufferSize, _blocks!.BlockSize), _blocks.Pieces);
            bool retired = false;
            try
            {
                while (scheduler.TryTake(out var run))
                {
                    connection.Begin(run, _blocks.BlockStart(run.Next));
                    var response = firstResponse;
                    firstResponse = null;
                    if (!await FetchRunAsync(source, scheduler, connection, response, firstEnd, stop.Token).ConfigureAwait(false))
                    {
                        // This connection stops (see FailureCounter); the others take over what it had not received.
                        scheduler.Release(run);
                        retired = true;
                        break;
                    }

                    scheduler.Finish(run);
                }
            }
            catch (Exception error)
            {
                lock (failureLock)
                {
                    failure ??= error;
                }

                await stop.CancelAsync().ConfigureAwait(false);
            }
            finally
            {
                if (!retired)
                {
                    Interlocked.Decrement(ref _liveConnections);
                }

                firstResponse?.Dispose();
                connection.Dispose();
            }
        }

        var tasks = new List<Task>();
        for (int i = 0; i < runs.Count && i < _options.Connections; i++)
        {
            tasks.Add(ConnectionAsync(i, i == 0 ? first : null));
        }

        if (tasks.Count == 0)
        {
            first?.Dispose();
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        _cancellationToken.ThrowIfCancellationRequested();
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>
    /// Downloads one run, resuming after each failure from the last byte received (within this process
    /// the partial block is kept). Returns <see langword="false"/> when the connection stops early and
    /// leaves the rest of the run to the other connections.
    /// </summary>
    private async Task<bool> FetchRunAsync(Uri source, SegmentScheduler scheduler, Connection connection, HttpResponseMessage? response, long responseEnd, CancellationToken cancellationToken)
    {
        var blocks = _blocks!;
        var failures = new FailureCounter(this, connection.Id);
        var run = connection.Run!;
        while (true)
        {
            long runEnd = Math.Min(blocks.Length, blocks.BlockStart(scheduler.EndOf(run)));
            if (connection.Offset >= runEnd)
            {
                response?.Dispose();
                return true;
            }

            long before = connection.Offset;
            try
            {
                if (response is null)
                {
                    response = await SendAsync(source, connection.Offset, runEnd - 1, cancellationToken).ConfigureAwait(false);
                    responseEnd = (await AcceptAsync(response, source, connection.Offset, runEnd - 1).ConfigureAwait(false)).End;
                }

                await ReceiveAsync(source, scheduler, connection, response, responseEnd, cancellationToken).ConfigureAwait(false);
            }
            catch (DownloadFault fault) when (fault.Kind is FaultKind.Transient or FaultKind.Protocol)
            {
                response?.Dispose();
                response = null;
                if (!await failures.OnFailureAsync(fault, connection.Offset, connection.Offset > before, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }

                continue;
            }
            catch (DownloadFault fault) when (fault.FreshResponse == response)
            {
                // A restart keeps the 200 response: its body is the new file from byte 0.
                response = null;
                throw;
            }
            catch
            {
                response?.Dispose();
                throw;
            }

            response.Dispose();
            response = null;
            if (connection.Offset > before)
            {
                failures.Progressed();
            }
        }
    }

    /// <summary>
    /// Receives the body into two alternating buffers: while one is hashed and written to the file
    /// (on the thread pool, see <see cref="Store"/>) the next is filled from the network, so hashing
    /// costs a second core rather than time. A block is recorded in the manifest once its last write
    /// completed.
    /// </summary>
    private async Task ReceiveAsync(Uri source, SegmentScheduler scheduler, Connection connection, HttpResponseMessage response, long responseEnd, CancellationToken cancellationToken)
    {
        var blocks = _blocks!;
        var run = connection.Run!;
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var watchdog = new StallWatchdog(_time, _options.StallTimeout, cancellationToken);
        Task pending = Task.CompletedTask;
        try
        {
            while (connection.Offset < responseEnd)
            {
                int block = blocks.BlockOf(connection.Offset);
                if (!scheduler.Owns(run, block))
                {
                    return;
                }

                long blockEnd = blocks.BlockStart(block) + blocks.BlockLength(block);
                var buffer = connection.NextBuffer();
                int want = (int)Math.Min(buffer.Length, Math.Min(blockEnd, responseEnd) - connection.Offset);
                var (received, failure) = await FillAsync(stream, buffer.AsMemory(0, want), watchdog, connection.Offset, source).ConfigureAwait(false);
                if (received > 0)
                {
                    Interlocked.Add(ref _bytesFetched, received);
                    _progress.Add(received);
                    await pending.ConfigureAwait(false);
                    bool completesBlock = connection.Offset + received == blockEnd;
                    long offset = connection.Offset;
                    pending = Task.Run(() => Store(connection, buffer, offset, received, completesBlock ? block : -1), CancellationToken.None);
                    connection.Offset += received;
                    if (completesBlock)
                    {
                        scheduler.Advance(run);
                    }
                }

                if (failure is not null)
                {
                    // The bytes received before the failure are stored above: none is lost.
                    throw failure;
                }

                if (received < want)
                {
                    throw new DownloadFault(FaultKind.Transient, DownloadFailure.TooManyFailures, source, $"the response body ended at byte {connection.Offset}, before byte {responseEnd} that its headers announced")
                    {
                        ExpectedLength = responseEnd,
                        ReceivedLength = connection.Offset,
                    };
                }
            }
        }
        finally
        {
            await pending.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Hashes received bytes (the block's XxHash3 and the pieces' CRC-32), writes them at their place
    /// in the file and, when they complete a block, records it. Calls for one connection run one at a
    /// time and in order, which is what the connection's hashers need.
    /// </summary>
    private void Store(Connection connection, byte[] buffer, long offset, int count, int completedBlock)
    {
        var data = buffer.AsSpan(0, count);
        connection.Hasher.Append(data);
        connection.Pieces.Append(data, offset);
        for (int start = 0; start < count; start += WriteSize)
        {
            RandomAccess.Write(_part!, data.Slice(start, Math.Min(WriteSize, count - start)), offset + start);
        }

        if (completedBlock >= 0)
        {
            _blocks!.Record(completedBlock, connection.Hasher.GetCurrentHashAsUInt64());
            connection.Hasher.Reset();
        }
    }

    /// <summary>
    /// Reads until <paramref name="buffer"/> is full or the body ends; each read is guarded by the
    /// stall watchdog. A failed read returns the bytes read before it with the fault, so that the
    /// caller keeps them.
    /// </summary>
    private async Task<(int Filled, DownloadFault? Failure)> FillAsync(Stream stream, Memory<byte> buffer, StallWatchdog watchdog, long offset, Uri source)
    {
        int filled = 0;
        while (filled < buffer.Length)
        {
            int read;
            watchdog.BeginRead();
            try
            {
                read = await stream.ReadAsync(buffer[filled..], watchdog.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException error) when (watchdog.Stalled && !_cancellationToken.IsCancellationRequested)
            {
                return (filled, new DownloadFault(FaultKind.Transient, DownloadFailure.TooManyFailures, source, $"no byte arrived for {watchdog.Timeout.TotalSeconds:0.###} s (the stall timeout) at byte {offset + filled}", error));
            }
            catch (Exception error) when (error is IOException or HttpRequestException && !_cancellationToken.IsCancellationRequested)
            {
                return (filled, new DownloadFault(FaultKind.Transient, DownloadFailure.TooManyFailures, source, $"the connection failed at byte {offset + filled}: {error.Message}", error));
            }
            finally
            {
                watchdog.EndRead();
            }

            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return (filled, null);
    }

    /// <summary>Sends a GET with a byte range and, when a validator is pinned, If-Range; a transport failure becomes a transient fault.</summary>
    private async Task<HttpResponseMessage> SendAsync(Uri source, long start, long? end, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, source);
        request.Headers.Range = new RangeHeaderValue(start, end);
        if (_remote?.IfRange is { } condition)
        {
            request.Headers.IfRange = condition;
        }

        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
        request.Headers.CacheControl = new CacheControlHeaderValue { NoTransform = true };
        if (_http.DefaultRequestHeaders.UserAgent.Count == 0)
        {
            request.Headers.UserAgent.ParseAdd(DownloadHttpClientFactory.UserAgent);
        }

        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is HttpRequestException or TimeoutRejectedException or IOException
            || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new DownloadFault(FaultKind.Transient, DownloadFailure.TooManyFailures, source, $"the request for bytes {start}-{end} failed before its headers arrived: {error.Message}", error)
            {
                ExpectedOffset = start,
            };
        }
    }

    /// <summary>
    /// Gives up a connection when another one is still running: one less connection, the download goes
    /// on. The last connection never gives up this way, so every round either progresses or fails.
    /// </summary>
    private bool TryRetireConnection()
    {
        int live = Volatile.Read(ref _liveConnections);
        while (live > 1)
        {
            int seen = Interlocked.CompareExchange(ref _liveConnections, live - 1, live);
            if (seen == live)
            {
                return true;
            }

            live = seen;
        }

        return false;
    }

    /// <summary>
    /// Counts the failures of one connection in a row and waits before the next attempt. A connection
    /// that the server refuses (an error status after the HTTP client's own retries: a per-client
    /// connection limit answers 503 to the extra ones), or that fails more often in a row than allowed,
    /// stops when others are still running, instead of failing the download.
    /// </summary>
    private sealed class FailureCounter(DownloadSession session, int connection)
    {
        private int _failures;
        private int _protocolFaults;
        private TimeSpan _delay = session._options.ResumeDelay;

        public void Progressed()
        {
            _failures = 0;
            _protocolFaults = 0;
            _delay = session._options.ResumeDelay;
        }

        /// <summary>Waits before the next attempt and returns <see langword="true"/>, or <see langword="false"/> when this connection should stop; throws when the download cannot go on.</summary>
        public async Task<bool> OnFailureAsync(DownloadFault fault, long offset, bool progressed, CancellationToken cancellationToken)
        {
            if (progressed)
            {
                Progressed();
            }

            var options = session._options;
            long verified = session._blocks?.VerifiedBytes ?? 0;
            bool unusable = fault.Kind == FaultKind.Protocol && ++_protocolFaults >= MaxProtocolFaults;
            bool exhausted = ++_failures > options.MaxResumeAttempts;
            bool refused = fault.Reason == DownloadFailure.HttpStatus;
            if ((unusable || exhausted || refused) && session.TryRetireConnection())
            {
                DownloadLog.ConnectionStopped(session._logger, connection, fault.Message, Volatile.Read(ref session._liveConnections));
                return false;
            }

            if (unusable)
            {
                VisemQcThrow.DownloadException_Fault(fault, session._destination, session._restarts, verified, $"{_protocolFaults} responses in a row were unusable: ");
            }

            if (exhausted)
            {
                VisemQcThrow.DownloadException_Exhausted(fault, session._destination, _failures, session._restarts, verified);
            }

            Interlocked.Increment(ref session._resumes);
            var wait = fault.RetryAfter ?? Jitter(_delay);
            _delay = TimeSpan.FromTicks(Math.Min(_delay.Ticks * 2, options.MaxResumeDelay.Ticks));
            DownloadLog.Resume(session._logger, connection, offset, fault.Message, wait, _failures, options.MaxResumeAttempts);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, session._time, cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            return true;
        }

#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        private static TimeSpan Jitter(TimeSpan delay) => delay * (0.8 + (0.4 * Random.Shared.NextDouble()));
#pragma warning restore CA5394
    }

    /// <summary>The state of one connection: the run it downloads, its position, the hashes of the block in progress, two buffers.</summary>
    private sealed class Connection(int id, int bufferSize, PieceCrcs pieces) : IDisposable
    {
        private readonly byte[] _first = ArrayPool<byte>.Shared.Rent(bufferSize);
        private readonly byte[] _second = ArrayPool<byte>.Shared.Rent(bufferSize);
        private bool _useSecond;

        public int Id { get; } = id;

        public SegmentRun? Run { get; private set; }

        /// <summary>The next byte to receive; the bytes of its block before it are received, and stored or being stored.</summary>
        public long Offset { get; set; }

        public XxHash3 Hasher { get; } = new();

        public PieceCrcs.Hasher Pieces { get; } = new(pieces);

        public void Begin(SegmentRun run, long offset)
        {
            Run = run;
            Offset = offset;
            Hasher.Reset();
        }

        /// <summary>The buffer to fill next; the other one may still be being written.</summary>
        public byte[] NextBuffer()
        {
            _useSecond = !_useSecond;
            return _useSecond ? _second : _first;
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_first);
            ArrayPool<byte>.Shared.Return(_second);
        }
    }
}
