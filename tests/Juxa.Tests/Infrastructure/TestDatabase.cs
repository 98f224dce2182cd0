using Npgsql;

namespace Juxa.Tests.Infrastructure;

/// <summary>
/// A fresh database on the test PostgreSQL server (<c>JUXA_TEST_CONNECTION</c>, which ./test.sh
/// sets for the throwaway server it starts). Dropped when disposed.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ServerVariable = "JUXA_TEST_CONNECTION";

    private TestDatabase(string serverConnectionString, string name)
    {
        ServerConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    private string ServerConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{ServerVariable} is not set. Run ./test.sh, which starts a throwaway PostgreSQL, or point {ServerVariable} at a server you own.");
        }

        var database = new TestDatabase(server, "juxa_test_" + Guid.NewGuid().ToString("N")[..12]);
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database.Name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return database;
    }

    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
