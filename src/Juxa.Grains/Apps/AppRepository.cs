using Juxa.Database;
using Juxa.Errors;
using Npgsql;

namespace Juxa.Apps;

/// <summary>SQL for the <c>apps</c> catalog. Entries are written once (publish) and shared by every workspace.</summary>
public sealed class AppRepository(NpgsqlDataSource db, TimeProvider time)
{
    internal const string Columns = "a.id, a.slug, a.name, a.description, a.scopes, a.embed_url, a.osint_research, a.publisher_workspace_id, a.created_at";

    public async Task<(List<AppEntry> Apps, long Total)> ListAsync(int limit, int offset, CancellationToken cancellationToken = default)
    {
        var apps = await db.Command($"SELECT {Columns} FROM apps a ORDER BY a.created_at DESC, a.id DESC LIMIT $1 OFFSET $2", limit, offset)
            .ListAsync(r => Read(r, 0), cancellationToken);
        var total = await db.Command("SELECT count(*) FROM apps").FirstOrDefaultAsync(r => r.GetInt64(0), cancellationToken);
        return (apps, total);
    }

    public Task<AppEntry?> GetAsync(Guid appId, CancellationToken cancellationToken = default) =>
        db.Command($"SELECT {Columns} FROM apps a WHERE a.id = $1", appId).FirstOrDefaultAsync(r => Read(r, 0), cancellationToken);

    /// <summary>Publishes an entry; 409 when the slug is taken (slugs are unique across the platform).</summary>
    public async Task<AppEntry> PublishAsync(
        Guid workspaceId, Guid? memberId, string slug, string name, string description, AppManifest manifest, CancellationToken cancellationToken = default) =>
        await db.Command(
                """
                INSERT INTO apps AS a (id, publisher_workspace_id, slug, name, description, scopes, embed_url, osint_research, published_by_member_id, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                ON CONFLICT (slug) DO NOTHING
                RETURNING
                """ + " " + Columns,
                Guid.CreateVersion7(), workspaceId, slug, name, description, manifest.Scopes.ToArray(), manifest.EmbedUrl, manifest.OsintResearch,
                memberId, time.GetUtcNow())
            .FirstOrDefaultAsync(r => Read(r, 0), cancellationToken)
        ?? throw JuxaException.Conflict($"An app with slug '{slug}' is already published.");

    /// <summary>Reads the <see cref="Columns"/> starting at <paramref name="first"/>.</summary>
    internal static AppEntry Read(NpgsqlDataReader r, int first) => new(
        r.GetGuid(first), r.GetString(first + 1), r.GetString(first + 2), r.GetString(first + 3),
        new AppManifest(r.GetFieldValue<string[]>(first + 4), r.GetString(first + 5), r.GetBoolean(first + 6)),
        r.GetGuid(first + 7), r.GetFieldValue<DateTimeOffset>(first + 8));
}
