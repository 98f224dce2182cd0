using System.Net;
using System.Net.Sockets;

namespace Juxa.Cluster.Tests.Infrastructure;

/// <summary>
/// A TCP load balancer in front of API nodes, as a client sees one: each new connection goes to
/// the first backend that accepts it, so when a node dies its clients' reconnects land on the next.
/// Connections are piped byte for byte (HTTP, WebSockets, SSE alike).
/// </summary>
public sealed class FailoverProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IReadOnlyList<Uri> _backends;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly Lock _lock = new();
    private readonly List<Uri> _routed = [];

    public FailoverProxy(IReadOnlyList<Uri> backends)
    {
        _backends = backends;
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = AcceptAsync();
    }

    public Uri Url { get; }

    /// <summary>The backend each accepted connection went to, in order.</summary>
    public IReadOnlyList<Uri> Routed
    {
        get
        {
            lock (_lock)
            {
                return [.. _routed];
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            foreach (var backend in _backends)
            {
                using var upstream = new TcpClient();
                try
                {
                    await upstream.ConnectAsync(backend.Host, backend.Port, _stop.Token);
                }
                catch (SocketException)
                {
                    continue;
                }

                lock (_lock)
                {
                    _routed.Add(backend);
                }

                var a = client.GetStream();
                var b = upstream.GetStream();
                // When either side ends, end the other: the client then sees the node's death as a dropped connection.
                await Task.WhenAny(Pipe(a, b), Pipe(b, a));
                return;
            }
        }
    }

    private async Task Pipe(NetworkStream from, NetworkStream to)
    {
        try
        {
            await from.CopyToAsync(to, _stop.Token);
        }
        catch (Exception)
        {
            // A reset or a stop: the connection is over either way.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
    }
}
