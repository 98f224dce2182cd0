using Juxa.Database;
using Juxa.Errors;
using Juxa.Records;
using Juxa.Schema;
using Npgsql;

namespace Juxa.Lists;

/// <summary>
/// SQL for <c>list_attributes</c> and <c>list_attribute_options</c>: the same type system and rules as
/// object attributes (<see cref="SchemaRules"/>), stored per list. Each change runs in a transaction that
/// holds the list row FOR UPDATE, which entry writes wait for (<see cref="ListSql"/>).
/// <para>
/// List attributes cannot be unique: uniqueness would need its own index of per-type keys across
/// entries, and no list use needs it. Nor indexed (no entry query to serve). <c>isUnique: true</c> and
/// <c>isIndexed: true</c> are refused with 400 rather than ignored.
/// </para>
/// </summary>
public sealed class ListAttributeRepository(NpgsqlDataSource db, SchemaCache schemas, TimeProvider time)
{
    /// <summary>Attributes per list, so a list cannot grow past what one entry write may set.</summary>
    public const int MaxAttributes = 200;

    public async Task<IReadOnlyList<AttributeDefinition>> ListAsync(ListViewer viewer, Guid listId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        _ = await ListSql.FindAsync(connection, viewer, listId, cancellationToken) ?? throw JuxaException.NotFound("List");
        return await ListSql.AttributesAsync(connection, listId, cancellationToken);
    }

    public async Task<AttributeDefinition> CreateAsync(ListViewer viewer, Guid listId, AttributeInput input)
    {
        var slug = SchemaRules.Slug(input.Slug, "slug");
        if (SchemaRules.ReservedAttributeSlugs.Contains(slug))
        {
            throw JuxaException.Validation("slug", $"'{slug}' is reserved for a system field.");
        }

        if (!AttributeTypes.TryParse(input.Type, out var type))
        {
            throw JuxaException.Validation("type", $"type must be one of: {string.Join(", ", AttributeTypes.All)}.");
        }

        RefuseUnique(input.IsUnique);
        RefuseIndexed(input.IsIndexed);
        var title = SchemaRules.Name(input.Title, "title");
        var config = SchemaRules.Config(type, input.Config, input.IsMultiselect, isUnique: false, await schemas.GetAsync(viewer.WorkspaceId));
        var (optionInputs, optionsField) = SchemaRules.Options(type, input.Options, input.Statuses);
        var id = Guid.CreateVersion7();
        var options = MergeOptions(id, [], optionInputs, optionsField);

        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ListSql.LockAsync(connection, viewer, listId, forUpdate: true);
        await ArchivedObjects.RefuseNewReferenceAsync(connection, viewer.WorkspaceId, config);
        var existing = await ListSql.AttributesAsync(connection, listId, CancellationToken.None);
        if (existing.Any(a => a.Slug == slug))
        {
            throw JuxaException.Conflict($"This list already has an attribute '{slug}'.");
        }

        if (existing.Count >= MaxAttributes)
        {
            throw JuxaException.Validation("slug", $"A list has at most {MaxAttributes} attributes.");
        }

        // After the last attribute, whatever was deleted before it: the count of attributes would be the position of a
        // live one once an earlier one had gone, and the new attribute would be listed before it. The list lock keeps the
        // maximum as it is until this commits.
        await Translate(async () =>
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO list_attributes (id, workspace_id, list_id, slug, title, type, is_required, is_unique, is_multiselect, is_archived, config, position, created_at)
                SELECT $1, $2, $3, $4, $5, $6, $7, false, $8, false, $9::jsonb, coalesce(max(position) + 1, 0), $10
                FROM list_attributes WHERE list_id = $3
                """,
                CancellationToken.None, id, viewer.WorkspaceId, listId, slug, title, type.Name(), input.IsRequired, input.IsMultiselect,
                SchemaRepository.SerializeConfig(config), time.GetUtcNow());
            await UpsertOptionsAsync(connection, viewer.WorkspaceId, options);
        });
        var created = (await ListSql.AttributesAsync(connection, listId, CancellationToken.None)).First(a => a.Id == id);
        await transaction.CommitAsync();
        return created;
    }

    public async Task<AttributeDefinition> UpdateAsync(ListViewer viewer, Guid listId, Guid attributeId, ListAttributePatch patch)
    {
        RefuseUnique(patch.IsUnique ?? false);
        RefuseIndexed(patch.IsIndexed ?? false);
        var title = patch.Title is null ? null : SchemaRules.Name(patch.Title, "title");
        var schema = patch.Config is null ? null : await schemas.GetAsync(viewer.WorkspaceId);

        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ListSql.LockAsync(connection, viewer, listId, forUpdate: true);
        var attribute = (await ListSql.AttributesAsync(connection, listId, CancellationToken.None)).FirstOrDefault(a => a.Id == attributeId)
            ?? throw JuxaException.NotFound("Attribute");
        var updated = attribute with
        {
            Title = title ?? attribute.Title,
            IsRequired = patch.IsRequired ?? attribute.IsRequired,
            IsArchived = patch.IsArchived ?? attribute.IsArchived,
            Config = schema is null ? attribute.Config : SchemaRules.ConfigChange(attribute, patch.Config, isUnique: false, schema),
        };
        if (updated.IsArchived && updated.IsRequired)
        {
            throw JuxaException.Validation("isArchived", "A required attribute cannot be archived; make it optional first.");
        }

        var (optionInputs, optionsField) = SchemaRules.Options(attribute.Type, patch.Options, patch.Statuses);
        var options = MergeOptions(attribute.Id, attribute.Options, optionInputs, optionsField);
        await StoredRatings.RefuseBelowEntriesAsync(connection, listId, attribute, updated.Config.MaxRating);
        await Translate(async () =>
        {
            await connection.ExecuteAsync(
                "UPDATE list_attributes SET title = $2, is_required = $3, is_archived = $4, config = $5::jsonb WHERE id = $1",
                CancellationToken.None, attribute.Id, updated.Title, updated.IsRequired, updated.IsArchived, SchemaRepository.SerializeConfig(updated.Config));
            await UpsertOptionsAsync(connection, viewer.WorkspaceId, options);
        });
        var result = (await ListSql.AttributesAsync(connection, listId, CancellationToken.None)).First(a => a.Id == attributeId);
        await transaction.CommitAsync();
        return result;
    }

    /// <summary>Deletes the attribute and strips its values from every entry of the list, in one transaction.</summary>
    public async Task DeleteAsync(ListViewer viewer, Guid listId, Guid attributeId)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ListSql.LockAsync(connection, viewer, listId, forUpdate: true);
        var slug = await connection.Command("DELETE FROM list_attributes WHERE id = $1 AND list_id = $2 RETURNING slug", attributeId, listId)
            .FirstOrDefaultAsync(r => r.GetString(0), CancellationToken.None) ?? throw JuxaException.NotFound("Attribute");
        await connection.ExecuteAsync("UPDATE list_entries SET values = values - $2 WHERE list_id = $1 AND values ? $2", CancellationToken.None, listId, slug);
        await transaction.CommitAsync();
    }

    private static void RefuseUnique(bool isUnique)
    {
        if (isUnique)
        {
            throw JuxaException.Validation("isUnique", "List attributes cannot be unique.");
        }
    }

    /// <summary>Entries are read by list, a few hundred at a time; there is no list entry query an index would serve.</summary>
    private static void RefuseIndexed(bool isIndexed)
    {
        if (isIndexed)
        {
            throw JuxaException.Validation("isIndexed", "List attributes cannot be indexed.");
        }
    }

    /// <summary>
    /// The options to write: <paramref name="inputs"/> matched to <paramref name="existing"/> by title
    /// (case-insensitive) update that option's color and active flag; the others are appended.
    /// Returns only the options that are new or changed. The inputs are those <see cref="SchemaRules.Options"/> admitted
    /// for the attribute's type, and <paramref name="field"/> the field that gave them.
    /// </summary>
    private static List<AttributeOption> MergeOptions(
        Guid attributeId, IReadOnlyList<AttributeOption> existing, IReadOnlyList<OptionInput>? inputs, string field)
    {
        if (inputs is not { Count: > 0 })
        {
            return [];
        }

        var titles = inputs.Select((o, i) => SchemaRules.Name(o.Title, $"{field}[{i}].title")).ToArray();
        if (titles.GroupBy(t => t, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
        {
            throw JuxaException.Validation(field, "Option titles must be unique (case-insensitive).");
        }

        var next = existing.Count == 0 ? 0 : existing.Max(o => o.Position) + 1;
        var result = new List<AttributeOption>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var color = SchemaRules.Optional(inputs[i].Color, $"{field}[{i}].color", 32);
            var match = existing.FirstOrDefault(o => string.Equals(o.Title, titles[i], StringComparison.OrdinalIgnoreCase));
            result.Add(match is null
                ? new AttributeOption(Guid.CreateVersion7(), attributeId, titles[i], color, inputs[i].IsActive ?? true, next++)
                : match with { Color = color ?? match.Color, IsActive = inputs[i].IsActive ?? match.IsActive });
        }

        return result;
    }

    private static Task UpsertOptionsAsync(NpgsqlConnection connection, Guid workspaceId, IReadOnlyList<AttributeOption> options) =>
        options.Count == 0
            ? Task.CompletedTask
            : connection.ExecuteAsync(
                """
                INSERT INTO list_attribute_options (id, workspace_id, attribute_id, title, color, is_active, position, created_at)
                SELECT id, $1, $2, title, color, active, position, now()
                FROM unnest($3::uuid[], $4::text[], $5::text[], $6::boolean[], $7::integer[]) AS o(id, title, color, active, position)
                ON CONFLICT (id) DO UPDATE SET color = excluded.color, is_active = excluded.is_active
                """,
                CancellationToken.None, workspaceId, options[0].AttributeId, options.Select(o => o.Id).ToArray(), options.Select(o => o.Title).ToArray(),
                options.Select(o => o.Color).ToArray(), options.Select(o => o.IsActive).ToArray(), options.Select(o => o.Position).ToArray());

    /// <summary>The unique indexes have the last word on slugs and option titles: a violation is a 409, never a 500.</summary>
    private static async Task Translate(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw JuxaException.Conflict(e.ConstraintName switch
            {
                "list_attributes_list_id_slug_key" => "This list already has an attribute with this slug.",
                "list_attribute_options_title_idx" => "An option with this title already exists on this attribute.",
                _ => "The change conflicts with existing data.",
            });
        }
    }
}
