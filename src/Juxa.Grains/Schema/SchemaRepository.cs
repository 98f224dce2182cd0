using System.Text.Json;
using Juxa.Database;
using Juxa.Errors;
using Npgsql;

namespace Juxa.Schema;

/// <summary>
/// SQL for objects, attributes and options. Every change runs in one transaction that locks the
/// workspace row and bumps <c>workspaces.schema_version</c>, so record writes (which read the
/// version FOR SHARE) never commit against a schema that changed underneath them.
/// </summary>
public sealed class SchemaRepository(NpgsqlDataSource db)
{
    private static readonly JsonSerializerOptions ConfigJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task<WorkspaceSchema?> LoadAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await LoadAsync(connection, workspaceId, cancellationToken);
    }

    /// <summary>The schema version, for callers that hold a cached snapshot.</summary>
    public static async Task<long?> VersionAsync(NpgsqlConnection connection, Guid workspaceId, bool forShare, CancellationToken cancellationToken) =>
        await connection.Command("SELECT schema_version FROM workspaces WHERE id = $1" + (forShare ? " FOR SHARE" : string.Empty), workspaceId)
            .FirstOrDefaultAsync(r => (long?)r.GetInt64(0), cancellationToken);

    public static async Task<WorkspaceSchema?> LoadAsync(NpgsqlConnection connection, Guid workspaceId, CancellationToken cancellationToken)
    {
        var version = await VersionAsync(connection, workspaceId, forShare: false, cancellationToken);
        if (version is null)
        {
            return null;
        }

        var options = (await connection.Command(
                "SELECT id, attribute_id, title, color, is_active, position FROM attribute_options WHERE workspace_id = $1 ORDER BY position, created_at", workspaceId)
            .ListAsync(r => new AttributeOption(r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetNullable<string>(3), r.GetBoolean(4), r.GetInt32(5)), cancellationToken))
            .ToLookup(o => o.AttributeId);

        var attributes = (await connection.Command(
                """
                SELECT id, object_id, slug, title, type, is_required, is_unique, is_multiselect, is_standard, is_archived, config::text, created_at, is_indexed
                FROM attributes WHERE workspace_id = $1 ORDER BY position, created_at
                """, workspaceId)
            .ListAsync(r =>
            {
                AttributeTypes.TryParse(r.GetString(4), out var type);
                var id = r.GetGuid(0);
                return new AttributeDefinition(id, r.GetGuid(1), r.GetString(2), r.GetString(3), type, r.GetBoolean(5), r.GetBoolean(6), r.GetBoolean(7),
                    r.GetBoolean(8), r.GetBoolean(9), JsonSerializer.Deserialize<AttributeConfig>(r.GetString(10), ConfigJson) ?? AttributeConfig.Empty,
                    options[id].ToArray(), r.GetFieldValue<DateTimeOffset>(11), r.GetBoolean(12));
            }, cancellationToken))
            .ToLookup(a => a.ObjectId);

        var objects = await connection.Command(
                """
                SELECT id, slug, singular_name, plural_name, icon, is_standard, is_archived, created_at, updated_at
                FROM objects WHERE workspace_id = $1 ORDER BY created_at, slug
                """, workspaceId)
            .ListAsync(r => new ObjectDefinition(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetNullable<string>(4), r.GetBoolean(5),
                r.GetBoolean(6), r.GetFieldValue<DateTimeOffset>(7), r.GetFieldValue<DateTimeOffset>(8), attributes[r.GetGuid(0)].ToArray()), cancellationToken);

        return new WorkspaceSchema(workspaceId, version.Value, objects);
    }

    /// <summary>Runs one schema change in a transaction that locks the workspace and bumps its schema version.</summary>
    public async Task ChangeAsync(Guid workspaceId, Func<NpgsqlConnection, Task> change, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("SELECT 1 FROM workspaces WHERE id = $1 FOR UPDATE", cancellationToken, workspaceId);
        try
        {
            await change(connection);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw JuxaException.Conflict(e.ConstraintName switch
            {
                "objects_workspace_id_slug_key" => "An object with this slug already exists.",
                "attributes_object_id_slug_key" => "An attribute with this slug already exists on this object.",
                "attribute_options_title_idx" => "An option with this title already exists on this attribute.",
                "record_unique_values_pkey" => "Existing records share values of this attribute, so it cannot be made unique.",
                _ => "The change conflicts with existing data.",
            });
        }

        await connection.ExecuteAsync("UPDATE workspaces SET schema_version = schema_version + 1 WHERE id = $1", cancellationToken, workspaceId);
        await transaction.CommitAsync(cancellationToken);
    }

    public static Task InsertObjectAsync(NpgsqlConnection connection, Guid workspaceId, ObjectDefinition obj, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(
            """
            INSERT INTO objects (id, workspace_id, slug, singular_name, plural_name, icon, is_standard, is_archived, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """,
            cancellationToken, obj.Id, workspaceId, obj.Slug, obj.SingularName, obj.PluralName, obj.Icon, obj.IsStandard, obj.IsArchived, obj.CreatedAt, obj.UpdatedAt);

    /// <summary>
    /// Inserts an attribute at <paramref name="position"/>, or (null) after the object's last one, whatever was deleted
    /// before it: the count of the object's attributes would be a live one's position once an earlier one had gone, and
    /// the new attribute would be listed before it. The caller holds the workspace's schema lock, which keeps the
    /// maximum as it is until this commits.
    /// </summary>
    public static async Task InsertAttributeAsync(NpgsqlConnection connection, Guid workspaceId, AttributeDefinition attribute, int? position, CancellationToken cancellationToken = default)
    {
        await connection.ExecuteAsync(
            """
            INSERT INTO attributes (id, workspace_id, object_id, slug, title, type, is_required, is_unique, is_multiselect, is_standard, is_archived, config, position, created_at, is_indexed)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb,
                    coalesce($13::integer, (SELECT coalesce(max(position) + 1, 0) FROM attributes WHERE object_id = $3)), $14, $15)
            """,
            cancellationToken, attribute.Id, workspaceId, attribute.ObjectId, attribute.Slug, attribute.Title, attribute.Type.Name(), attribute.IsRequired,
            attribute.IsUnique, attribute.IsMultiselect, attribute.IsStandard, attribute.IsArchived, SerializeConfig(attribute.Config), position, attribute.CreatedAt,
            attribute.IsIndexed);
        foreach (var option in attribute.Options)
        {
            await InsertOptionAsync(connection, workspaceId, option, cancellationToken);
        }
    }

    public static Task InsertOptionAsync(NpgsqlConnection connection, Guid workspaceId, AttributeOption option, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(
            "INSERT INTO attribute_options (id, workspace_id, attribute_id, title, color, is_active, position, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, now())",
            cancellationToken, option.Id, workspaceId, option.AttributeId, option.Title, option.Color, option.IsActive, option.Position);

    public static Task UpdateObjectAsync(NpgsqlConnection connection, ObjectDefinition obj, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(
            "UPDATE objects SET singular_name = $2, plural_name = $3, icon = $4, is_archived = $5, updated_at = $6 WHERE id = $1",
            cancellationToken, obj.Id, obj.SingularName, obj.PluralName, obj.Icon, obj.IsArchived, obj.UpdatedAt);

    public static Task UpdateAttributeAsync(NpgsqlConnection connection, AttributeDefinition attribute, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(
            "UPDATE attributes SET title = $2, is_required = $3, is_unique = $4, is_archived = $5, config = $6::jsonb, is_indexed = $7 WHERE id = $1",
            cancellationToken, attribute.Id, attribute.Title, attribute.IsRequired, attribute.IsUnique, attribute.IsArchived, SerializeConfig(attribute.Config),
            attribute.IsIndexed);

    public static Task UpdateOptionAsync(NpgsqlConnection connection, AttributeOption option, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync("UPDATE attribute_options SET title = $2, color = $3, is_active = $4 WHERE id = $1",
            cancellationToken, option.Id, option.Title, option.Color, option.IsActive);

    public static string SerializeConfig(AttributeConfig config) => JsonSerializer.Serialize(config, ConfigJson);
}
