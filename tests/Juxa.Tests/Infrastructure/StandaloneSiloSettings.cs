namespace Juxa.Tests.Infrastructure;

/// <summary>The settings of a silo that a test starts on its own (as Juxa.Silo runs), on free ports and a home of its own.</summary>
public static class StandaloneSiloSettings
{
    public static Dictionary<string, string?> For(TestDatabase database, string clusterId) => new()
    {
        ["ConnectionStrings:Juxa"] = database.ConnectionString,
        ["Juxa:Orleans:ClusterId"] = clusterId,
        ["Juxa:Orleans:SiloPort"] = FreePort.Next().ToString(),
        ["Juxa:Orleans:GatewayPort"] = FreePort.Next().ToString(),
        ["JUXA_HOME"] = Directory.CreateTempSubdirectory("juxa-silo-").FullName,
        ["JUXA_BOOTSTRAP_API_KEY"] = JuxaApiFactory.BootstrapKey,
        ["Logging:LogLevel:Default"] = "Warning",
    };
}
