using Npgsql;

namespace Juxa.Cluster.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of one test's own (deploy/local/pg.sh, a temp dir, a free port), so that it
/// can be restarted without disturbing the other tests' server. Stopped and deleted when disposed.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);
    private static readonly Dictionary<string, string?> NoEnvironment = [];

    private PrivatePostgres(string dataDirectory, int port)
    {
        DataDirectory = dataDirectory;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=juxa";
    }

    public string DataDirectory { get; }

    public string ConnectionString { get; }

    private static string Script => Repo.Path("deploy", "local", "pg.sh");

    public static async Task<PrivatePostgres> StartAsync()
    {
        var parent = Directory.CreateTempSubdirectory("juxa-pg-").FullName;
        var port = int.Parse((await Shell.RunAsync(Script, ["free-port"], NoEnvironment, ScriptTimeout)).Trim().Split('\n')[^1]);
        var server = new PrivatePostgres(Path.Combine(parent, "data"), port);
        await Shell.RunAsync(Script, ["start", server.DataDirectory, port.ToString(), "-F", "-c", "max_connections=200"], NoEnvironment, ScriptTimeout);
        await Shell.RunAsync(Script, ["createdb-if-missing", port.ToString(), "juxa"], NoEnvironment, ScriptTimeout);
        return server;
    }

    /// <summary><c>pg_ctl restart -m fast</c>: every connection is dropped, the server comes back on the same port.</summary>
    public Task RestartAsync() => Shell.RunAsync(Script, ["restart", DataDirectory], NoEnvironment, ScriptTimeout);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Shell.RunAsync(Script, ["stop", DataDirectory], NoEnvironment, ScriptTimeout);
        Directory.Delete(Path.GetDirectoryName(DataDirectory)!, recursive: true);
    }
}
