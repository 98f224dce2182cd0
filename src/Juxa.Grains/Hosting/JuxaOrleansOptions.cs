using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Juxa.Hosting;

/// <summary>
/// Cluster settings, bound from <c>Juxa:Orleans</c>. They live under <c>Juxa:</c> because
/// Orleans itself reads the <c>Orleans:</c> section and rejects values it does not know.
/// </summary>
public sealed class JuxaOrleansOptions
{
    public const string Section = "Juxa:Orleans";

    public OrleansMode Mode { get; set; } = OrleansMode.CoHosted;

    /// <summary>Silos and clients with the same cluster id form one cluster.</summary>
    public string ClusterId { get; set; } = "juxa";

    /// <summary>Stable across deployments: grain state and reminders are keyed by it.</summary>
    public string ServiceId { get; set; } = "juxa";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos and clients use to reach this silo: an IP, or a host name resolved at start
    /// (a compose service name). Defaults to loopback (one box).
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Listen on every interface rather than only the advertised address (containers).</summary>
    public bool ListenOnAnyAddress { get; set; }

    /// <summary>
    /// Orleans' Kubernetes hosting (Juxa.Silo only): the pod's name and IP (downward API: <c>POD_NAME</c>,
    /// <c>POD_IP</c>, <c>POD_NAMESPACE</c>) become the silo's name and advertised address, silos listen on
    /// every interface, and silos remove the membership entries of deleted pods at once.
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <summary>
    /// The Orleans dashboard at <c>/dashboard</c> (platform operator only). Off unless asked for: its metric reader samples
    /// every Orleans gauge each second, and two of them (the activation count and the directory cache size) cost time
    /// in proportion to the silo's activations, about 10 % of a core at 70k activations in a profile (docs/deploy.md).
    /// </summary>
    public bool Dashboard { get; set; }

    /// <summary>
    /// How many liveness probes in a row a silo may miss before the silo probing it votes it dead (Orleans'
    /// <c>NumMissedProbesLimit</c>). 2, not Orleans' 3: a killed silo is then declared dead, and its grains come back on the
    /// others, about one probe period sooner (requests to its grains fail until then). A live silo that is only slow is
    /// still safe: Orleans suppresses votes against a silo whose connection keeps delivering messages.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MissedProbesLimit { get; set; } = 2;

    public IPAddress AdvertisedIPAddress()
    {
        if (string.IsNullOrWhiteSpace(AdvertisedAddress))
        {
            return IPAddress.Loopback;
        }

        if (IPAddress.TryParse(AdvertisedAddress, out var address))
        {
            return address;
        }

        // Resolved when the silo starts (a compose service name exists only then), so a name that does not resolve is
        // reported as the setting it is (StartupFailure), not as a socket error's stack trace.
        const string Setting = "Juxa:Orleans:AdvertisedAddress (environment Juxa__Orleans__AdvertisedAddress)";
        IPAddress[] addresses;
        try
        {
            addresses = Dns.GetHostAddresses(AdvertisedAddress);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new InvalidSettingsException([$"{Setting}: '{AdvertisedAddress}' cannot be resolved ({e.Message})."]);
        }

        return addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            ?? throw new InvalidSettingsException([$"{Setting}: '{AdvertisedAddress}' has no IPv4 address."]);
    }
}
