using Microsoft.Extensions.Logging;
using Npgsql;

namespace Juxa.Database;

/// <summary>
/// Applies the embedded migrations that the database has not seen yet. Every process runs this
/// at start-up; a PostgreSQL advisory lock makes concurrent starts wait for each other, and each
/// migration commits together with its row in <c>juxa_schema_migrations</c>, so a crash mid-way
/// leaves nothing half-applied.
/// </summary>
public sealed class MigrationRunner(NpgsqlDataSource db, ILogger<MigrationRunner> logger)
{
    /// <summary>Advisory-lock key shared by every Juxa process ("JUXAMIGR" in ASCII).</summary>
    private const long LockKey = 0x4A5558414D494752;

    public async Task ApplyAsync(IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync("SELECT pg_advisory_lock($1)", cancellationToken, LockKey);
        try
        {
            await connection.ExecuteAsync(
                """
                CREATE TABLE IF NOT EXISTS juxa_schema_migrations (
                    version     integer     PRIMARY KEY,
                    name        text        NOT NULL,
                    checksum    text        NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now())
                """, cancellationToken);

            var applied = new Dictionary<int, string>();
            await using (var read = connection.Command("SELECT version, checksum FROM juxa_schema_migrations"))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied[reader.GetInt32(0)] = reader.GetString(1);
                }
            }

            foreach (var migration in migrations)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Name} was changed after it was applied. Add a new migration instead of editing an applied one.");
                    }

                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(migration.Sql, cancellationToken);
                await connection.ExecuteAsync(
                    "INSERT INTO juxa_schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                    cancellationToken, migration.Version, migration.Name, migration.Checksum);
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Migration}", migration.Name);
            }
        }
        finally
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock($1)", CancellationToken.None, LockKey);
        }
    }
}
