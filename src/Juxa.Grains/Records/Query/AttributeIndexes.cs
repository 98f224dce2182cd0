using Juxa.Database;
using Juxa.Errors;
using Juxa.Schema;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Juxa.Records.Query;

/// <summary>
/// The B-tree index of an indexed attribute (<c>isIndexed: true</c>, docs/query.md#indexed-attributes): one partial
/// index per attribute on the workspace, <see cref="SqlTranslator.IndexExpression"/> and the record id, over the rows
/// of the attribute's object, with a statistics object on the expression. It serves equals and range filters on the
/// attribute (the count too) and an ascending sort by it. Built <c>CONCURRENTLY</c>, so record writes go on while it
/// builds; that cannot run inside a transaction, so the workspace grain calls this after the schema change that sets
/// the flag has committed.
/// </summary>
public sealed partial class AttributeIndexes(NpgsqlDataSource db, ILogger<AttributeIndexes> logger)
{
    /// <summary>How long one attempt to drop a statistics object waits for the table lock (see <see cref="DropStatisticsAsync"/>).</summary>
    private static readonly TimeSpan StatisticsLockTimeout = TimeSpan.FromMilliseconds(100);

    private const int StatisticsDropAttempts = 8;

    /// <summary>
    /// Whether an attribute can be indexed: a single value whose compared expression is immutable. Text-like types
    /// (personal-name by full_name), number, rating and currency (by amount). Not multiselects (a filter on one is an
    /// <c>EXISTS</c> over its elements; equals on them already uses the <c>values_ci</c> GIN index), dates and
    /// timestamps (casting text to a date depends on the session's DateStyle and time zone, so PostgreSQL refuses
    /// to index it), select and status (equals uses <c>values_ci</c>; the sort is by option position, which changes).
    /// </summary>
    public static bool Supports(AttributeDefinition attribute) =>
        !attribute.IsMultiselect && attribute.Type is AttributeType.Text or AttributeType.EmailAddress or AttributeType.PhoneNumber
            or AttributeType.Domain or AttributeType.PersonalName or AttributeType.Number or AttributeType.Rating or AttributeType.Currency;

    /// <summary>400 naming <c>isIndexed</c> when <paramref name="attribute"/> cannot be indexed.</summary>
    public static void RequireSupported(AttributeDefinition attribute)
    {
        if (!Supports(attribute))
        {
            throw JuxaException.Validation("isIndexed", attribute.IsMultiselect
                ? "A multiselect attribute cannot be indexed (equals on it is indexed already)."
                : $"A {attribute.Type.Name()} attribute cannot be indexed: only text, email-address, phone-number, domain, personal-name, number, rating and currency attributes can.");
        }
    }

    /// <summary>The index's name: fixed by the attribute id, so it is found again without a catalog of its own.</summary>
    public static string IndexName(Guid attributeId) => $"records_attr_{attributeId:N}_idx";

    /// <summary>
    /// What follows <c>CREATE INDEX … name</c>: the table, the key and the partial predicate. Every query names its
    /// workspace (<c>r.workspace_id = $1</c>), so with the workspace first the index answers all of a count's
    /// conditions and no row is fetched only to be filtered out (the count of 3148 matches on 100k people: 4.2 → 3.1 ms).
    /// The expression is parenthesized, as an index key that is not a bare function call (a cast) has to be.
    /// </summary>
    public static string Definition(AttributeDefinition attribute) =>
        $"ON records (workspace_id, ({SqlTranslator.IndexExpression(attribute)}), id) WHERE object_id = '{attribute.ObjectId:D}'";

    /// <summary>
    /// Whether the attribute gets a statistics object (see <see cref="EnsureAsync"/>): only when its expression
    /// cannot fail. A statistics object has no predicate, so <c>ANALYZE records</c> (autovacuum's too) evaluates it on
    /// sampled rows of every object and workspace, and a <c>::numeric</c> cast would fail on another object's text
    /// value under the same slug, and with it every ANALYZE of the table. The index itself is safe: its predicate
    /// limits it to the attribute's own object, whose stored values the codecs keep valid.
    /// </summary>
    public static bool CanHaveStatistics(AttributeDefinition attribute) => QueryFieldTypes.Resolve(attribute.Type, null).Kind == FieldKind.Text;

    /// <summary>The statistics object on the same expression (see <see cref="EnsureAsync"/>).</summary>
    public static string StatisticsName(Guid attributeId) => $"records_attr_{attributeId:N}_stat";

    /// <summary>What follows <c>CREATE STATISTICS … name</c>: the expression, over the whole table.</summary>
    public static string StatisticsDefinition(AttributeDefinition attribute) => $"ON ({SqlTranslator.IndexExpression(attribute)}) FROM records";

    /// <summary>
    /// Makes sure the attribute's index exists and is valid (builds it when missing; drops and rebuilds one that a
    /// failed build left invalid), and so does a statistics object on its expression (text-like attributes,
    /// <see cref="CanHaveStatistics"/>): PostgreSQL ignores the statistics of a partial index, so without one the planner
    /// assumes 0.5 % of rows match any value and, for example, would not walk a sort index while filtering (on 100k
    /// people: a page of 50 in 14 ms by sorting every match instead of 2.5–6 ms by walking the name index). Then
    /// <c>ANALYZE records</c> fills the new statistics.
    /// If any step fails, the index and the statistics are dropped again before the error is rethrown.
    /// Returns whether anything had to be built (false: both were in place already).
    /// </summary>
    public async Task<bool> EnsureAsync(AttributeDefinition attribute, CancellationToken cancellationToken = default)
    {
        RequireSupported(attribute);
        var index = IndexName(attribute.Id);
        var statistics = StatisticsName(attribute.Id);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var valid = await connection.Command("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass($1)", index)
            .FirstOrDefaultAsync(r => (bool?)r.GetBoolean(0), cancellationToken);
        var statisticsInPlace = !CanHaveStatistics(attribute) || await connection.Command("SELECT true FROM pg_statistic_ext WHERE stxname = $1", statistics)
            .FirstOrDefaultAsync(r => r.GetBoolean(0), cancellationToken);
        if (valid == true && statisticsInPlace)
        {
            return false;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            if (valid == false)
            {
                await DdlAsync(connection, $"DROP INDEX CONCURRENTLY IF EXISTS {index}", cancellationToken);
            }

            if (valid != true)
            {
                await DdlAsync(connection, $"CREATE INDEX CONCURRENTLY IF NOT EXISTS {index} {Definition(attribute)}", cancellationToken);
            }

            if (CanHaveStatistics(attribute))
            {
                await DdlAsync(connection, $"CREATE STATISTICS IF NOT EXISTS {statistics} {StatisticsDefinition(attribute)}", cancellationToken);
                await DdlAsync(connection, "ANALYZE records", cancellationToken);
            }
        }
        catch
        {
            // A failed concurrent build leaves an invalid index behind that every write would still maintain.
            await DropAsync(connection, attribute.Id);
            throw;
        }

        LogBuilt(logger, index, attribute.Slug, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return true;
    }

    /// <summary>
    /// The attributes that have an index or a statistics object under these names, valid or not, whatever their flag
    /// says and whether or not they still exist: what <see cref="AttributeIndexRepairer"/> compares with the flags.
    /// </summary>
    public async Task<IReadOnlySet<Guid>> ListBuiltAsync(CancellationToken cancellationToken = default)
    {
        var names = await db.Command(
                """
                SELECT c.relname FROM pg_class c WHERE c.relkind = 'i' AND c.relnamespace = current_schema()::regnamespace AND c.relname ~ '^records_attr_[0-9a-f]{32}_idx$'
                UNION ALL
                SELECT s.stxname FROM pg_statistic_ext s WHERE s.stxnamespace = current_schema()::regnamespace AND s.stxname ~ '^records_attr_[0-9a-f]{32}_stat$'
                """)
            .ListAsync(r => r.GetString(0), cancellationToken);
        return names.Select(name => Guid.ParseExact(name.Substring("records_attr_".Length, 32), "N")).ToHashSet();
    }

    /// <summary>Drops the attribute's index and statistics, if there are any.</summary>
    public async Task DropAsync(Guid attributeId)
    {
        await using var connection = await db.OpenConnectionAsync();
        await DropAsync(connection, attributeId);
    }

    private async Task DropAsync(NpgsqlConnection connection, Guid attributeId)
    {
        await DdlAsync(connection, $"DROP INDEX CONCURRENTLY IF EXISTS {IndexName(attributeId)}", CancellationToken.None);
        await DropStatisticsAsync(connection, attributeId);
    }

    /// <summary>
    /// PostgreSQL plans a query on <c>records</c> from the statistics objects it listed when it locked the table, and
    /// one dropped in between fails that query, whichever workspace it serves ("cache lookup failed for statistics
    /// object"; four pgbench clients querying records while a fifth created and dropped one failed within seconds on
    /// PostgreSQL 15). So the drop holds the table's ACCESS EXCLUSIVE lock, the one lock a planning query conflicts
    /// with, for its few milliseconds. Waiting for it queues every later query on the table, so each attempt waits at
    /// most <see cref="StatisticsLockTimeout"/>; after <see cref="StatisticsDropAttempts"/> the object is left to the
    /// repairer (<see cref="AttributeIndexRepairer"/>), which drops what no attribute flags.
    /// </summary>
    private async Task DropStatisticsAsync(NpgsqlConnection connection, Guid attributeId)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var transaction = await connection.BeginTransactionAsync();
                await connection.ExecuteAsync($"SET LOCAL lock_timeout = '{StatisticsLockTimeout.TotalMilliseconds:F0}ms'", CancellationToken.None);
                await connection.ExecuteAsync("LOCK TABLE records IN ACCESS EXCLUSIVE MODE", CancellationToken.None);
                await connection.ExecuteAsync($"DROP STATISTICS IF EXISTS {StatisticsName(attributeId)}", CancellationToken.None);
                await transaction.CommitAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                if (attempt == StatisticsDropAttempts)
                {
                    LogStatisticsLeft(logger, StatisticsName(attributeId), attempt);
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }

    /// <summary>
    /// One DDL statement, outside any transaction (CONCURRENTLY requires it), without the command timeout: a
    /// build takes as long as a scan of the table. The text holds only fixed fragments, ids and the attribute's
    /// slug (validated, and quoted as a literal), never request text.
    /// </summary>
    private static async Task DdlAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Left statistics object {Statistics} for the repairer: records stayed busy through {Attempts} tries to drop it")]
    private static partial void LogStatisticsLeft(ILogger logger, string statistics, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Built index {Index} for attribute {Slug} in {Milliseconds:F0} ms")]
    private static partial void LogBuilt(ILogger logger, string index, string slug, double milliseconds);
}
