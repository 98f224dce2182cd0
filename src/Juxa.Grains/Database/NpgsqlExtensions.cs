using Npgsql;

namespace Juxa.Database;

/// <summary>Small conveniences over Npgsql for positional (<c>$1</c>) parameters. Values are always sent as parameters, never spliced into SQL.</summary>
public static class NpgsqlExtensions
{
    /// <summary>A command on the data source with its positional parameters bound.</summary>
    public static NpgsqlCommand Command(this NpgsqlDataSource db, string sql, params object?[] parameters) =>
        db.CreateCommand(sql).Bind(parameters);

    /// <summary>A command on an open connection with its positional parameters bound.</summary>
    public static NpgsqlCommand Command(this NpgsqlConnection connection, string sql, params object?[] parameters) =>
        new NpgsqlCommand(sql, connection).Bind(parameters);

    public static async Task<int> ExecuteAsync(this NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = connection.Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<int> ExecuteAsync(this NpgsqlDataSource db, string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = db.Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Adds one statement with its positional parameters to a batch (one round trip for all of them).</summary>
    public static NpgsqlBatch Add(this NpgsqlBatch batch, string sql, params object?[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        AddPositional(command.Parameters, parameters);
        batch.BatchCommands.Add(command);
        return batch;
    }

    public static NpgsqlCommand Bind(this NpgsqlCommand command, params object?[] parameters)
    {
        AddPositional(command.Parameters, parameters);
        return command;
    }

    private static void AddPositional(NpgsqlParameterCollection collection, object?[] parameters)
    {
        foreach (var value in parameters)
        {
            collection.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
    }

    /// <summary>Reads every row with <paramref name="map"/>.</summary>
    public static async Task<List<T>> ListAsync<T>(this NpgsqlCommand command, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(map(reader));
            }

            return rows;
        }
    }

    /// <summary>Reads the first row with <paramref name="map"/>, or default when there is none.</summary>
    public static async Task<T?> FirstOrDefaultAsync<T>(this NpgsqlCommand command, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? map(reader) : default;
        }
    }

    public static T? GetNullable<T>(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? default : reader.GetFieldValue<T>(ordinal);
}
