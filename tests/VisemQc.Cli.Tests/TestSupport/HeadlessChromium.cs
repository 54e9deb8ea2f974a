using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VisemQc.Cli.Tests.TestSupport;

/// <summary>
/// Debian's headless Chromium driven over the DevTools protocol: opens a page, records what went
/// wrong while it loaded (script exceptions, console errors, failed or outside requests), evaluates
/// expressions and takes screenshots. The browser runs with its own profile and no network services.
/// </summary>
public sealed partial class HeadlessChromium : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly List<JsonElement> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;
    private string? _session;

    private HeadlessChromium(Process process) => _process = process;

    /// <summary>Problems seen while the page loaded: exceptions, console errors, log errors, failed requests, requests that left the machine.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_events)
            {
                return [.. _events.Select(Problem).OfType<string>()];
            }
        }
    }

    public static string Executable { get; } =
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("Chromium is not installed; the report tests need it. Install it with: apt-get install -y chromium (.ci/run does).");

    public static async Task<HeadlessChromium> StartAsync(string profile)
    {
        var start = new ProcessStartInfo(Executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-component-update", "--disable-extensions", "--disable-sync", "--hide-scrollbars",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var chromium = new HeadlessChromium(process);
        try
        {
            // Chromium prints "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID" on stderr once it is ready.
            using var timeout = new CancellationTokenSource(Timeout);
            string? endpoint = null;
            var stderr = new StringBuilder();
            while (endpoint is null)
            {
                var line = await process.StandardError.ReadLineAsync(timeout.Token)
                           ?? throw new InvalidOperationException($"Chromium exited before it listened:\n{stderr}");
                stderr.AppendLine(line);
                endpoint = DevToolsEndpoint().Match(line) is { Success: true } match ? match.Groups[1].Value : null;
            }

            // Keep draining its output so that it never blocks on a full pipe.
            _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
            _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
            await chromium._socket.ConnectAsync(new Uri(endpoint), timeout.Token);
            chromium._receiving = chromium.ReceiveAsync();
            return chromium;
        }
        catch
        {
            await chromium.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens a new tab, attaches to it, turns on the domains that report problems, loads <paramref name="url"/> and waits for its load event.</summary>
    public async Task LoadAsync(Uri url)
    {
        var target = await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, browserLevel: true);
        var attached = await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target.GetProperty("targetId").GetString(), ["flatten"] = true }, browserLevel: true);
        _session = attached.GetProperty("sessionId").GetString();
        foreach (var domain in new[] { "Page.enable", "Runtime.enable", "Log.enable", "Network.enable" })
        {
            await SendAsync(domain, []);
        }

        await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = 1100, ["height"] = 900, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        int seen = EventCount;
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri });
        using var timeout = new CancellationTokenSource(Timeout);
        while (!HasEvent("Page.loadEventFired", seen))
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>Evaluates a JavaScript expression in the page and returns its JSON value.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        if (result.TryGetProperty("exceptionDetails", out var exception))
        {
            throw new InvalidOperationException($"'{expression}' threw: {exception}");
        }

        return result.GetProperty("result").GetProperty("value").Clone();
    }

    /// <summary>A PNG of the whole page, beyond the viewport.</summary>
    public async Task<byte[]> ScreenshotAsync()
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        return Convert.FromBase64String(result.GetProperty("data").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        try
        {
            await _receiving;
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException)
        {
            // The browser is gone.
        }

        _socket.Dispose();
        _process.Dispose();
        _stop.Dispose();
    }

    private int EventCount
    {
        get
        {
            lock (_events)
            {
                return _events.Count;
            }
        }
    }

    private bool HasEvent(string method, int after)
    {
        lock (_events)
        {
            return _events.Skip(after).Any(e => e.GetProperty("method").GetString() == method);
        }
    }

    private async Task<JsonElement> SendAsync(string method, JsonObject parameters, bool browserLevel = false)
    {
        int id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (!browserLevel)
        {
            message["sessionId"] = _session ?? throw new InvalidOperationException("No page is attached; call LoadAsync first.");
        }

        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
        var response = await reply.Task.WaitAsync(Timeout);
        if (response.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"{method} failed: {error}");
        }

        return response.GetProperty("result");
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (!_stop.IsCancellationRequested)
        {
            var received = await _socket.ReceiveAsync(buffer, _stop.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            using (var document = JsonDocument.Parse(message.GetBuffer().AsMemory(0, (int)message.Length)))
            {
                var root = document.RootElement.Clone();
                if (root.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt32(), out var reply))
                {
                    reply.TrySetResult(root);
                }
                else if (root.TryGetProperty("method", out _))
                {
                    lock (_events)
                    {
                        _events.Add(root);
                    }
                }
            }

            message.SetLength(0);
        }
    }

    private static string? Problem(JsonElement e)
    {
        var parameters = e.TryGetProperty("params", out var p) ? p : default;
        return e.GetProperty("method").GetString() switch
        {
            "Runtime.exceptionThrown" => $"exception: {parameters}",
            "Runtime.consoleAPICalled" when parameters.GetProperty("type").GetString() is "error" or "assert" => $"console error: {parameters}",
            "Log.entryAdded" when parameters.GetProperty("entry").GetProperty("level").GetString() == "error" => $"log error: {parameters.GetProperty("entry")}",
            "Network.loadingFailed" => $"request failed: {parameters}",
            "Network.requestWillBeSent" when parameters.GetProperty("request").GetProperty("url").GetString() is { } url
                && !url.StartsWith("file:", StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal) && url != "about:blank" => $"outside request: {url}",
            _ => null,
        };
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsEndpoint();
}
