using Juxa.Database;
using Npgsql;

namespace Juxa.Identity;

/// <summary>SQL for <c>users</c>. Users are not grains: they are read at login and written rarely.</summary>
public sealed class UserRepository(NpgsqlDataSource db)
{
    private const string Columns = "id, email, name, is_platform_operator, created_at";

    public Task<UserInfo?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        db.Command($"SELECT {Columns} FROM users WHERE id = $1", id).FirstOrDefaultAsync(Read, cancellationToken);

    /// <summary>The user with this email (case-insensitive) and their password hash.</summary>
    public async Task<(UserInfo User, string PasswordHash)?> FindForLoginAsync(string email, CancellationToken cancellationToken = default)
    {
        var row = await db.Command($"SELECT {Columns}, password_hash FROM users WHERE email_normalized = $1", Normalize(email))
            .FirstOrDefaultAsync(r => (Read(r), r.GetString(5)), cancellationToken);
        return row.Item1 is null ? null : row;
    }

    /// <summary>Inserts a user inside the caller's transaction; null when the email is taken.</summary>
    public static async Task<UserInfo?> InsertAsync(
        NpgsqlConnection connection, string email, string? name, string passwordHash, bool isPlatformOperator, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var user = new UserInfo(Guid.CreateVersion7(), email, name, isPlatformOperator, now);
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO users (id, email, email_normalized, name, password_hash, is_platform_operator, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (email_normalized) DO NOTHING
            """,
            cancellationToken, user.Id, email, Normalize(email), name, passwordHash, isPlatformOperator, now);
        return inserted == 1 ? user : null;
    }

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    private static UserInfo Read(NpgsqlDataReader r) =>
        new(r.GetGuid(0), r.GetString(1), r.GetNullable<string>(2), r.GetBoolean(3), r.GetFieldValue<DateTimeOffset>(4));
}
