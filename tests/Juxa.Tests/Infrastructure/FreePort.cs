using System.Net;
using System.Net.Sockets;

namespace Juxa.Tests.Infrastructure;

/// <summary>Free loopback ports for silo and gateway endpoints, so several test hosts can run side by side.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
