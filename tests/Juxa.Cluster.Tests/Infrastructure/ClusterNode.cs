namespace Juxa.Cluster.Tests.Infrastructure;

/// <summary>One process of a <see cref="LocalCluster"/>, as deploy/local/cluster.sh lists it in <c>$JUXA_HOME/cluster/nodes</c>.</summary>
public sealed record ClusterNode(string Name, int Pid, Uri Url, int SiloPort, int GatewayPort)
{
    public bool IsSilo => Name.StartsWith("silo-", StringComparison.Ordinal);

    public static ClusterNode Parse(string line)
    {
        var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new ClusterNode(f[0], int.Parse(f[1]), new Uri(f[2]), int.Parse(f[3]), int.Parse(f[4]));
    }
}
