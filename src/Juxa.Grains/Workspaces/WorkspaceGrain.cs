using Juxa.Database;
using Juxa.Errors;
using Juxa.Realtime;
using Juxa.Records;
using Juxa.Records.Query;
using Juxa.Schema;
using Juxa.Tasks;
using Juxa.Text;
using Microsoft.Extensions.Logging;

namespace Juxa.Workspaces;

/// <summary>
/// Holds the workspace row and its schema snapshot; the tables are the source of truth. Every
/// schema change is validated here, written in one transaction (<see cref="SchemaRepository.ChangeAsync"/>),
/// then the snapshot is reloaded, so its version always matches the database. An indexed attribute's index is
/// built or dropped after that transaction commits (<see cref="AttributeIndexes"/>).
/// </summary>
public sealed partial class WorkspaceGrain(
    WorkspaceRepository workspaces, SchemaRepository schemas, SchemaCache cache, AttributeIndexes indexes, RecordRepository records, IRealtimePublisher realtime,
    TimeProvider time, ILogger<WorkspaceGrain> logger)
    : Grain, IWorkspaceGrain
{
    public const int MaxNameLength = 200;

    /// <summary>Indexed attributes per workspace: every index is upkeep on each write to the records table all workspaces share.</summary>
    public const int MaxIndexedAttributes = 10;

    /// <summary>Index builds and drops per workspace and hour: each one scans the shared records table.</summary>
    public const int MaxIndexChangesPerHour = 20;

    /// <summary>When this activation last built or dropped indexes, oldest first (at most <see cref="MaxIndexChangesPerHour"/>).</summary>
    private readonly Queue<DateTimeOffset> _indexChanges = new();

    private WorkspaceInfo? _workspace;
    private WorkspaceSchema? _schema;

    private Guid Id => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _workspace = await workspaces.GetAsync(Id, cancellationToken);
        if (_workspace is not null)
        {
            _schema = await schemas.LoadAsync(Id, cancellationToken);
        }
    }

    public Task<WorkspaceInfo> GetAsync() => Task.FromResult(Current());

    public async Task<WorkspaceInfo> RenameAsync(string name)
    {
        Current();
        var trimmed = ValidateName(name);
        _workspace = await workspaces.RenameAsync(Id, trimmed, time.GetUtcNow()) ?? throw JuxaException.NotFound("Workspace");
        return _workspace;
    }

    public Task<WorkspaceSchema> GetSchemaAsync() => Task.FromResult(Schema());

    public Task<long> GetSchemaVersionAsync() => Task.FromResult(Schema().Version);

    public async Task<ObjectDefinition> CreateObjectAsync(ObjectInput input)
    {
        var schema = Schema();
        var now = time.GetUtcNow();
        var obj = new ObjectDefinition(Guid.CreateVersion7(), SchemaRules.Slug(input.Slug, "slug"), SchemaRules.Name(input.SingularName, "singularName"),
            SchemaRules.Name(input.PluralName, "pluralName"), SchemaRules.Optional(input.Icon, "icon", 64), IsStandard: false, IsArchived: false, now, now, []);
        if (schema.Object(obj.Slug) is not null)
        {
            throw JuxaException.Conflict($"An object with slug '{obj.Slug}' already exists.");
        }

        await ChangeAsync(connection => SchemaRepository.InsertObjectAsync(connection, Id, obj));
        return RequireObject(obj.Slug);
    }

    public async Task<ObjectDefinition> UpdateObjectAsync(string slug, ObjectPatch patch)
    {
        var obj = RequireObject(slug);
        var updated = obj with
        {
            SingularName = patch.SingularName is null ? obj.SingularName : SchemaRules.Name(patch.SingularName, "singularName"),
            PluralName = patch.PluralName is null ? obj.PluralName : SchemaRules.Name(patch.PluralName, "pluralName"),
            Icon = patch.Icon is null ? obj.Icon : SchemaRules.Optional(patch.Icon, "icon", 64),
            IsArchived = patch.IsArchived ?? obj.IsArchived,
            UpdatedAt = time.GetUtcNow(),
        };
        await ChangeAsync(connection => SchemaRepository.UpdateObjectAsync(connection, updated));
        return RequireObject(slug);
    }

    public async Task<Guid> DeleteObjectAsync(string slug, Actor actor)
    {
        var obj = RequireObject(slug);
        if (obj.IsStandard)
        {
            throw JuxaException.Conflict($"'{slug}' is a standard object: it cannot be deleted, only archived (PATCH {{\"isArchived\": true}}).");
        }

        // Only references from elsewhere stand in the way: the object's own attributes (a parent team, say), its records
        // and its lists go with it, so references among them would name nothing that stays.
        var referencing = Schema().Objects.Where(o => o.Id != obj.Id)
            .SelectMany(o => o.Attributes.Where(a => a.Config.TargetObject == slug).Select(a => $"{o.Slug}.{a.Slug}")).ToList();
        if (referencing.Count > 0)
        {
            throw JuxaException.Conflict($"'{slug}' is referenced by {string.Join(", ", referencing)}: delete those attributes first.");
        }

        // Records, attributes, options and the object's lists go with it (ON DELETE CASCADE); tasks linked to its records
        // lose those links, which is a task update as deleting one record makes it.
        List<TaskView> unlinkedTasks = [];
        await RetryDeadlockAsync(() => ChangeAsync(async connection =>
        {
            // A private list's name is its owner's business, even for an admin: those are counted, not named.
            var listReferences = await connection.Command(
                    """
                    SELECT l.is_private, l.name || '.' || a.slug FROM list_attributes a JOIN lists l ON l.id = a.list_id
                    WHERE a.workspace_id = $1 AND a.config ->> 'targetObject' = $2 AND l.object_id <> $3
                    """,
                    Id, slug, obj.Id)
                .ListAsync(r => (Private: r.GetBoolean(0), Name: r.GetString(1)), CancellationToken.None);
            if (listReferences.Count > 0)
            {
                var names = listReferences.Where(l => !l.Private).Select(l => l.Name).ToList();
                if (listReferences.Count(l => l.Private) is > 0 and var hidden)
                {
                    names.Add($"{hidden} of private lists (only their owners can see them)");
                }

                throw JuxaException.Conflict($"'{slug}' is referenced by list attributes {string.Join(", ", names)}: delete those first.");
            }

            // No task can be linked to the object's records meanwhile: links are made only with a new task, whose row holds the
            // workspace's row FOR KEY SHARE (its foreign key) until it commits, and this change holds that row FOR UPDATE. So the
            // tasks locked here are all the delete unlinks.
            var linkedTasks = await connection.Command(TaskRepository.LockLinkedToObjectSql, Id, obj.Id).ListAsync(r => r.GetGuid(0), CancellationToken.None);
            await connection.ExecuteAsync("DELETE FROM objects WHERE id = $1", CancellationToken.None, obj.Id);
            unlinkedTasks = await TaskRepository.MarkUpdatedAsync(connection, Id, linkedTasks, actor, time.GetUtcNow(), CancellationToken.None);
        }));
        // One event for everything that went: a recordDeleted per record (and a listEntryChanged per entry) could be
        // hundreds of thousands, which would flood every client for what one event says. The tasks it unlinked stay, so
        // each gets its taskChanged first, as after deleting one record. Sent before the indexes are dropped, which takes
        // time and changes nothing a client sees.
        await TaskEvents.PublishManyAsync(realtime, cache, records, Id, actor, unlinkedTasks, "updated");
        await realtime.PublishAsync(RealtimeEvent.Create(RealtimeEventTypes.ObjectDeleted, Id, obj.Slug, recordId: null, actor, data: new { obj.Id }));
        // Every attribute that could have one, not only the flagged: an index a failed step left behind goes too.
        foreach (var indexable in obj.Attributes.Where(AttributeIndexes.Supports))
        {
            await indexes.DropAsync(indexable.Id);
        }

        return obj.Id;
    }

    public async Task<AttributeDefinition> CreateAttributeAsync(string objectSlug, AttributeInput input)
    {
        var schema = Schema();
        var obj = RequireObject(objectSlug);
        ArchivedObjects.RefuseNew(obj, "attributes");
        var slug = SchemaRules.Slug(input.Slug, "slug");
        if (SchemaRules.ReservedAttributeSlugs.Contains(slug))
        {
            throw JuxaException.Validation("slug", $"'{slug}' is reserved for a system field.");
        }

        if (obj.Attribute(slug) is not null)
        {
            throw JuxaException.Conflict($"'{objectSlug}' already has an attribute '{slug}'.");
        }

        if (!AttributeTypes.TryParse(input.Type, out var type))
        {
            throw JuxaException.Validation("type", $"type must be one of: {string.Join(", ", AttributeTypes.All)}.");
        }

        var config = SchemaRules.Config(type, input.Config, input.IsMultiselect, input.IsUnique, schema);
        ArchivedObjects.RefuseNewReference(config, schema);
        var (optionInputs, optionsField) = SchemaRules.Options(type, input.Options, input.Statuses);
        var id = Guid.CreateVersion7();
        var options = BuildOptions(id, optionInputs, optionsField);
        var attribute = new AttributeDefinition(id, obj.Id, slug, SchemaRules.Name(input.Title, "title"), type, input.IsRequired, input.IsUnique,
            input.IsMultiselect, IsStandard: false, IsArchived: false, config, options, time.GetUtcNow(), input.IsIndexed);
        if (attribute.IsIndexed)
        {
            AttributeIndexes.RequireSupported(attribute);
            AdmitIndexChange(attribute.Id, turningOn: true);
        }

        await ChangeAsync(connection => SchemaRepository.InsertAttributeAsync(connection, Id, attribute, position: null));
        if (attribute.IsIndexed)
        {
            await BuildIndexAsync(attribute);
        }

        return RequireObject(objectSlug).Attribute(slug)!;
    }

    public async Task<AttributeDefinition> UpdateAttributeAsync(string objectSlug, Guid attributeId, AttributePatch patch)
    {
        var obj = RequireObject(objectSlug);
        var attribute = RequireAttribute(obj, attributeId);
        var isUnique = patch.IsUnique ?? attribute.IsUnique;
        var updated = attribute with
        {
            Title = patch.Title is null ? attribute.Title : SchemaRules.Name(patch.Title, "title"),
            IsRequired = patch.IsRequired ?? attribute.IsRequired,
            IsUnique = isUnique,
            IsArchived = patch.IsArchived ?? attribute.IsArchived,
            Config = patch.Config is null ? attribute.Config : SchemaRules.ConfigChange(attribute, patch.Config, isUnique, Schema()),
            IsIndexed = patch.IsIndexed ?? attribute.IsIndexed,
        };
        if (patch.IsIndexed == true)
        {
            AttributeIndexes.RequireSupported(updated);
        }

        if (patch.IsIndexed is { } indexed)
        {
            AdmitIndexChange(attribute.Id, turningOn: indexed && !attribute.IsIndexed);
        }

        if (updated.IsArchived && updated.IsRequired)
        {
            throw JuxaException.Validation("isArchived", "A required attribute cannot be archived; make it optional first.");
        }

        await ChangeAsync(async connection =>
        {
            await StoredRatings.RefuseBelowRecordsAsync(connection, Id, attribute, updated.Config.MaxRating);
            await SchemaRepository.UpdateAttributeAsync(connection, updated);
            if (updated.IsUnique && !attribute.IsUnique)
            {
                await UniqueValues.IndexExistingAsync(connection, Id, updated);
            }
            else if (!updated.IsUnique && attribute.IsUnique)
            {
                await connection.ExecuteAsync("DELETE FROM record_unique_values WHERE attribute_id = $1", CancellationToken.None, attribute.Id);
            }

            if (updated.IsArchived != attribute.IsArchived)
            {
                // Reads hide an archived attribute's values: search and titles drop them too, and take them back on unarchive.
                await AttributeValuesRewrite.RetextAsync(connection, Id, obj with { Attributes = [.. obj.Attributes.Select(a => a.Id == updated.Id ? updated : a)] }, updated);
            }
        });

        // Both directions also repair, so a retry finishes what a crash or a failed DDL statement left: true builds
        // whatever is missing, false drops whatever is left (even when the flag says it is gone already).
        if (patch.IsIndexed == true)
        {
            await BuildIndexAsync(updated);
        }
        else if (patch.IsIndexed == false)
        {
            await indexes.DropAsync(attribute.Id);
        }

        return RequireAttribute(RequireObject(objectSlug), attributeId);
    }

    public async Task<AttributeIndexRepair> RepairIndexesAsync()
    {
        var built = await indexes.ListBuiltAsync();
        var repair = AttributeIndexRepair.None;
        foreach (var attribute in Schema().Objects.SelectMany(o => o.Attributes))
        {
            if (attribute.IsIndexed)
            {
                try
                {
                    repair += await BuildIndexAsync(attribute) ? new(1, 0, 0) : AttributeIndexRepair.None;
                }
                catch (Exception error)
                {
                    LogRepairFailed(logger, error, attribute.Slug, attribute.Id, Id);
                    repair += new AttributeIndexRepair(0, 0, 1);
                }
            }
            else if (built.Contains(attribute.Id))
            {
                await indexes.DropAsync(attribute.Id);
                repair += new AttributeIndexRepair(0, 1, 0);
            }
        }

        return repair;
    }

    public async Task DeleteAttributeAsync(string objectSlug, Guid attributeId)
    {
        var obj = RequireObject(objectSlug);
        var attribute = RequireAttribute(obj, attributeId);
        if (attribute.IsStandard)
        {
            throw JuxaException.Conflict($"'{attribute.Slug}' is a standard attribute: it cannot be deleted, only archived (PATCH {{\"attributeId\", \"isArchived\": true}}).");
        }

        await ChangeAsync(async connection =>
        {
            await AttributeValuesRewrite.RemoveAsync(connection, Id, obj with { Attributes = [.. obj.Attributes.Where(a => a.Id != attribute.Id)] }, attribute.Slug);
            await connection.ExecuteAsync("DELETE FROM attributes WHERE id = $1", CancellationToken.None, attribute.Id);
        });
        if (AttributeIndexes.Supports(attribute))
        {
            await indexes.DropAsync(attribute.Id);
        }
    }

    public async Task<AttributeOption> CreateOptionAsync(string objectSlug, Guid attributeId, OptionInput input, AttributeType? kind)
    {
        var attribute = RequireAttribute(RequireObject(objectSlug), attributeId);
        if (attribute.Type is not (AttributeType.Select or AttributeType.Status))
        {
            throw JuxaException.Validation("attributeId", $"Options exist only on select and status attributes; '{attribute.Slug}' is a {attribute.Type.Name()} attribute.");
        }

        if (kind is { } given && given != attribute.Type)
        {
            throw WrongKind(given, attribute);
        }

        var option = new AttributeOption(Guid.CreateVersion7(), attribute.Id, SchemaRules.Name(input.Title, "title"),
            SchemaRules.Optional(input.Color, "color", 32), input.IsActive ?? true, attribute.Options.Count == 0 ? 0 : attribute.Options.Max(o => o.Position) + 1);
        await ChangeAsync(connection => SchemaRepository.InsertOptionAsync(connection, Id, option));
        return option;
    }

    public async Task<AttributeOption> UpdateOptionAsync(string objectSlug, Guid optionId, AttributeType kind, OptionInput patch)
    {
        var (_, option) = RequireOption(RequireObject(objectSlug), optionId, kind);
        var updated = option with
        {
            Title = patch.Title is null ? option.Title : SchemaRules.Name(patch.Title, "title"),
            Color = patch.Color is null ? option.Color : SchemaRules.Optional(patch.Color, "color", 32),
            IsActive = patch.IsActive ?? option.IsActive,
        };
        await ChangeAsync(connection => SchemaRepository.UpdateOptionAsync(connection, updated));
        return updated;
    }

    public async Task DeleteOptionAsync(string objectSlug, Guid optionId, AttributeType kind)
    {
        var obj = RequireObject(objectSlug);
        var (attribute, option) = RequireOption(obj, optionId, kind);
        await ChangeAsync(async connection =>
        {
            // Stored values hold the option id, alone or inside an array: refuse rather than lose them.
            var used = await connection.Command(
                    "SELECT count(*) FROM records WHERE workspace_id = $1 AND object_id = $2 AND (values -> $3 = to_jsonb($4::text) OR values -> $3 @> jsonb_build_array($4::text))",
                    Id, obj.Id, attribute.Slug, option.Id.ToString())
                .FirstOrDefaultAsync(r => r.GetInt64(0), CancellationToken.None);
            if (used > 0)
            {
                throw JuxaException.Conflict($"{used} record(s) use '{option.Title}': deactivate it (isActive: false) instead of deleting it.");
            }

            await connection.ExecuteAsync("DELETE FROM attribute_options WHERE id = $1", CancellationToken.None, option.Id);
        });
    }

    /// <summary>
    /// Builds the index of an attribute whose flag is committed, unless it is in place already (returns whether it
    /// built anything). If the build fails (it then drops what it built), the flag is taken back, so the schema never
    /// claims an index that is not there, and the error goes to the caller.
    /// </summary>
    /// <summary>
    /// Refuses an index build or drop past the workspace's limits: more than <see cref="MaxIndexedAttributes"/> indexed
    /// attributes (400), or more than <see cref="MaxIndexChangesPerHour"/> changes in the last hour (429). One signed-up
    /// admin must not be able to keep the records table of every workspace busy with index builds.
    /// </summary>
    private void AdmitIndexChange(Guid attributeId, bool turningOn)
    {
        if (turningOn && Schema().Objects.SelectMany(o => o.Attributes).Count(a => a.IsIndexed && a.Id != attributeId) >= MaxIndexedAttributes)
        {
            throw JuxaException.Validation("isIndexed", $"A workspace may index at most {MaxIndexedAttributes} attributes; set isIndexed to false on another first.");
        }

        var now = time.GetUtcNow();
        while (_indexChanges.TryPeek(out var oldest) && now - oldest >= TimeSpan.FromHours(1))
        {
            _indexChanges.Dequeue();
        }

        if (_indexChanges.Count >= MaxIndexChangesPerHour)
        {
            var retryIn = TimeSpan.FromHours(1) - (now - _indexChanges.Peek());
            throw JuxaException.RateLimited(
                $"This workspace changed attribute indexes {MaxIndexChangesPerHour} times in the last hour; try again in {Math.Ceiling(retryIn.TotalMinutes)} minutes.");
        }

        _indexChanges.Enqueue(now);
    }

    private async Task<bool> BuildIndexAsync(AttributeDefinition attribute)
    {
        try
        {
            return await indexes.EnsureAsync(attribute);
        }
        catch
        {
            await ChangeAsync(connection => connection.ExecuteAsync("UPDATE attributes SET is_indexed = false WHERE id = $1", CancellationToken.None, attribute.Id));
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not rebuild the index of attribute {Slug} ({AttributeId}) in workspace {WorkspaceId}; its isIndexed flag is off again")]
    private static partial void LogRepairFailed(ILogger logger, Exception error, string slug, Guid attributeId, Guid workspaceId);

    /// <summary>A workspace name: 1 to 200 characters once trimmed.</summary>
    public static string ValidateName(string? name, string field = "name")
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxNameLength)
        {
            throw JuxaException.Validation(field, $"{field} must be 1 to {MaxNameLength} characters.");
        }

        if (DisplayNames.Refusal(trimmed, field) is { } refusal)
        {
            throw JuxaException.Validation(field, refusal);
        }

        return trimmed;
    }

    /// <summary>A new attribute's options from the inputs <see cref="SchemaRules.Options"/> admitted, errors named under <paramref name="field"/>.</summary>
    private static IReadOnlyList<AttributeOption> BuildOptions(Guid attributeId, IReadOnlyList<OptionInput>? inputs, string field)
    {
        if (inputs is not { Count: > 0 })
        {
            return [];
        }

        var options = inputs.Select((o, i) => new AttributeOption(Guid.CreateVersion7(), attributeId, SchemaRules.Name(o.Title, $"{field}[{i}].title"),
            SchemaRules.Optional(o.Color, $"{field}[{i}].color", 32), o.IsActive ?? true, i)).ToArray();
        if (options.GroupBy(o => o.Title, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
        {
            throw JuxaException.Validation(field, "Option titles must be unique (case-insensitive).");
        }

        return options;
    }

    /// <summary>
    /// Runs <paramref name="change"/> again when PostgreSQL aborted it for a deadlock. An object's delete locks the
    /// workspace's row, then the tasks linked to the object's records, then deletes those records. A task update locks its
    /// task, then writes activity rows, whose foreign key waits for the workspace's row; a new task locks the records it
    /// links, then its own foreign key waits for that row. One of the two is aborted; when it is this one, it goes again
    /// once the other has committed (as <see cref="RecordWriter.DeleteAsync"/> does).
    /// </summary>
    private static async Task RetryDeadlockAsync(Func<Task> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await change();
                return;
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.DeadlockDetected && attempt < 3)
            {
            }
        }
    }

    private async Task ChangeAsync(Func<Npgsql.NpgsqlConnection, Task> change)
    {
        await schemas.ChangeAsync(Id, change);
        _schema = await schemas.LoadAsync(Id);
        // This silo sees the change at once (co-hosted: the whole process); other silos' caches within their one-second bound.
        cache.Put(_schema!);
    }

    private WorkspaceInfo Current()
    {
        if (_workspace is null)
        {
            DeactivateOnIdle();
            throw JuxaException.NotFound("Workspace");
        }

        return _workspace;
    }

    private WorkspaceSchema Schema()
    {
        Current();
        return _schema!;
    }

    private ObjectDefinition RequireObject(string slug) => Schema().Object(slug) ?? throw JuxaException.NotFound($"Object '{slug}'");

    private static AttributeDefinition RequireAttribute(ObjectDefinition obj, Guid attributeId) =>
        obj.Attributes.FirstOrDefault(a => a.Id == attributeId) ?? throw JuxaException.NotFound("Attribute");

    /// <summary>The option and its attribute; an option of the other kind than <paramref name="kind"/> says so (400), a missing one is 404.</summary>
    private static (AttributeDefinition Attribute, AttributeOption Option) RequireOption(ObjectDefinition obj, Guid optionId, AttributeType kind)
    {
        foreach (var attribute in obj.Attributes.Where(a => a.Type is AttributeType.Select or AttributeType.Status))
        {
            if (attribute.Options.FirstOrDefault(o => o.Id == optionId) is { } option)
            {
                return attribute.Type == kind ? (attribute, option) : throw WrongKind(kind, attribute);
            }
        }

        throw JuxaException.NotFound(kind == AttributeType.Status ? "Status" : "Option");
    }

    /// <summary>A status named for a select attribute, or an option for a status one: the client mistook the attribute, so nothing is done.</summary>
    private static JuxaException WrongKind(AttributeType kind, AttributeDefinition attribute) =>
        JuxaException.Validation("attributeType",
            $"attributeType '{kind.Name()}' does not apply to '{attribute.Slug}', a {attribute.Type.Name()} attribute: send attributeType '{attribute.Type.Name()}'.");
}
