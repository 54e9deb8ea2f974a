using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace VisemQc.Download;

/// <summary>
/// The connections of one download session: requests, resumption after failures, receiving blocks
/// and storing them into the <see cref="PartFile"/>. Owns the counts of bytes fetched, resumptions
/// and live connections, which last the whole session.
/// </summary>
internal sealed class ConnectionRunner(
    HttpClient http,
    ILogger logger,
    TimeProvider time,
    DownloadOptions options,
    ProgressReporter progress,
    ResponseCheck check,
    string destination,
    Func<int> restarts,
    CancellationToken cancellationToken)
{
    private long _bytesFetched;
    private int _resumes;
    private int _liveConnections;
    private HttpResponseMessage? _newFile;

    public ILogger Logger => logger;

    public TimeProvider Time => time;

    public DownloadOptions Options => options;

    public string Destination => destination;

    public Func<int> Restarts => restarts;

    public long BytesFetched => Interlocked.Read(ref _bytesFetched);

    public int Resumes => Volatile.Read(ref _resumes);

    public int LiveConnections => Volatile.Read(ref _liveConnections);

    public void CountResume() => Interlocked.Increment(ref _resumes);

    /// <summary>The 200 response kept by a restart (its body is the new file from byte 0), or <see langword="null"/>; the caller owns it.</summary>
    public HttpResponseMessage? TakeNewFileResponse() => Interlocked.Exchange(ref _newFile, null);

    /// <summary>
    /// The first response of a fresh download (<c>Range: bytes=0-</c>), which pins the length and
    /// validators; retried on transient and protocol faults. The caller owns the returned response.
    /// </summary>
    public async Task<(AcceptedRange Range, HttpResponseMessage Response)> FirstResponseAsync(Uri source, HttpResponseMessage? response)
    {
        var failures = new FailureCounter(this, connection: 0, () => 0);
        while (true)
        {
            try
            {
                response ??= await SendAsync(source, null, 0, null, failures.TimeLeft, cancellationToken).ConfigureAwait(false);
                var verdict = await check.CheckAsync(response, source, null, 0, null, 0).ConfigureAwait(false);
                if (verdict.Fault is { } fault)
                {
                    throw fault;
                }

                return (verdict.Range, response);
            }
            catch (DownloadFault fault) when (fault.Kind is FaultKind.Transient or FaultKind.Protocol)
            {
                response?.Dispose();
                response = null;

                // No connection runs yet, so this one is the last and never told to stop: it retries or throws.
                _ = await failures.OnFailureAsync(fault, 0, progressed: false, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                response?.Dispose();
                throw;
            }
        }
    }

    /// <summary>Runs one task per connection until every run is done; the first failure stops the others.</summary>
    public async Task RunAsync(Uri source, PartFile part, List<(int Start, int End)> runs, HttpResponseMessage? first, long firstEnd)
    {
        var scheduler = new SegmentScheduler(runs);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _liveConnections = Math.Min(runs.Count, options.Connections);
        Exception? failure = null;
        var failureLock = new Lock();

        async Task ConnectionAsync(int id, HttpResponseMessage? firstResponse)
        {
            var blocks = part.Blocks;
            var connection = new Connection(id, Math.Min(BlockTable.IoBufferSize, blocks.BlockSize), blocks.Pieces);
            bool retired = false;
            try
            {
                while (scheduler.TryTake(out var run))
                {
                    connection.Begin(blocks.BlockStart(run.Next));
                    var response = firstResponse;
                    firstResponse = null;
                    if (!await FetchRunAsync(source, part, scheduler, connection, run, response, firstEnd, stop.Token).ConfigureAwait(false))
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
        for (int i = 0; i < runs.Count && i < options.Connections; i++)
        {
            tasks.Add(ConnectionAsync(i, i == 0 ? first : null));
        }

        if (tasks.Count == 0)
        {
            first?.Dispose();
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>
    /// Gives up a connection when another one is still running: one less connection, the download goes
    /// on. The last connection never gives up this way, so every round either progresses or fails.
    /// </summary>
    public bool TryRetireConnection()
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
    /// Downloads one run, resuming after each failure from the last byte received (within this process
    /// the partial block is kept). Returns <see langword="false"/> when the connection stops early and
    /// leaves the rest of the run to the other connections.
    /// </summary>
    private async Task<bool> FetchRunAsync(Uri source, PartFile part, SegmentScheduler scheduler, Connection connection, SegmentRun run, HttpResponseMessage? response, long responseEnd, CancellationToken stopToken)
    {
        var blocks = part.Blocks;
        var failures = new FailureCounter(this, connection.Id, () => blocks.VerifiedBytes);
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
                    response = await SendAsync(source, part.Remote, connection.Offset, runEnd - 1, failures.TimeLeft, stopToken).ConfigureAwait(false);
                    var verdict = await check.CheckAsync(response, source, part.Remote, connection.Offset, runEnd - 1, blocks.VerifiedBytes).ConfigureAwait(false);
                    if (verdict.Fault is { } fault)
                    {
                        if (verdict.BodyIsNewFile)
                        {
                            // A restart keeps the 200 response: its body is the new file from byte 0.
                            KeepNewFile(response);
                            response = null;
                        }

                        throw fault;
                    }

                    responseEnd = verdict.Range.End;
                }

                await ReceiveAsync(source, part, scheduler, connection, run, response, responseEnd, stopToken).ConfigureAwait(false);
            }
            catch (DownloadFault fault) when (fault.Kind is FaultKind.Transient or FaultKind.Protocol)
            {
                response?.Dispose();
                response = null;
                if (!await failures.OnFailureAsync(fault, connection.Offset, connection.Offset > before, stopToken).ConfigureAwait(false))
                {
                    return false;
                }

                continue;
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

    private void KeepNewFile(HttpResponseMessage response)
    {
        if (Interlocked.CompareExchange(ref _newFile, response, null) is not null)
        {
            response.Dispose();
        }
    }

    /// <summary>
    /// Receives the body into two alternating buffers: while one is hashed and written to the file
    /// (on the thread pool, see <see cref="PartFile.Store"/>) the next is filled from the network, so
    /// hashing costs a second core rather than time. A block is recorded in the manifest once its last
    /// write completed.
    /// </summary>
    private async Task ReceiveAsync(Uri source, PartFile part, SegmentScheduler scheduler, Connection connection, SegmentRun run, HttpResponseMessage response, long responseEnd, CancellationToken stopToken)
    {
        var blocks = part.Blocks;
        var stream = await response.Content.ReadAsStreamAsync(stopToken).ConfigureAwait(false);
        using var watchdog = new StallWatchdog(time, options.StallTimeout, stopToken);
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
                    progress.Add(received);
                    await pending.ConfigureAwait(false);
                    bool completesBlock = connection.Offset + received == blockEnd;
                    long offset = connection.Offset;
                    pending = Task.Run(() => part.Store(connection, buffer, offset, received, completesBlock ? block : -1), CancellationToken.None);
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
                        Details = new() { ExpectedLength = responseEnd, ReceivedLength = connection.Offset },
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
            catch (OperationCanceledException error) when (watchdog.Stalled && !cancellationToken.IsCancellationRequested)
            {
                return (filled, new DownloadFault(FaultKind.Transient, DownloadFailure.TooManyFailures, source, $"no byte arrived for {watchdog.Timeout.TotalSeconds:0.###} s (the stall timeout) at byte {offset + filled}", error));
            }
            catch (Exception error) when (error is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
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

    /// <summary>
    /// Sends a GET with a byte range and, when a validator is pinned, If-Range; a transport failure,
    /// or no headers within <paramref name="timeLeft"/> of the retry budget, becomes a transient fault.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Uri source, RemoteFile? pinned, long start, long? end, TimeSpan timeLeft, CancellationToken token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, source);
        request.Headers.Range = new RangeHeaderValue(start, end);
        if (pinned?.IfRange is { } condition)
        {
            request.Headers.IfRange = condition;
        }

        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
        request.Headers.CacheControl = new CacheControlHeaderValue { NoTransform = true };
        if (http.DefaultRequestHeaders.UserAgent.Count == 0)
        {
            request.Headers.UserAgent.ParseAdd(DownloadHttpClientFactory.UserAgent);
        }

        using var budget = new CancellationTokenSource(timeLeft > TimeSpan.Zero ? timeLeft : TimeSpan.Zero, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, budget.Token);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is HttpRequestException or TimeoutRejectedException or IOException
            || (error is OperationCanceledException && !token.IsCancellationRequested))
        {
            throw new DownloadFault(FaultKind.Transient, DownloadFailure.TooManyFailures, source, $"the request for bytes {start}-{end} failed before its headers arrived: {(budget.IsCancellationRequested ? "the retry timeout ran out" : error.Message)}", error)
            {
                Details = new() { ExpectedOffset = start },
            };
        }
    }
}
