namespace Juxa;

/// <summary>Names of the Orleans grain-storage providers. Tests and production use the same names.</summary>
public static class StorageNames
{
    /// <summary>Grain-private state that nothing queries (idempotency windows, pending confirmations).</summary>
    public const string Grains = "juxa";
}
