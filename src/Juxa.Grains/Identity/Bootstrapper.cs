using Juxa.ApiKeys;
using Juxa.Database;
using Juxa.Schema;
using Juxa.Security;
using Juxa.Workspaces;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Juxa.Identity;

/// <summary>
/// On the first start against an empty database, creates the "Default" workspace, its admin
/// (a platform operator) and one admin API key with scopes <c>["*"]</c>. A generated key and
/// password are written to files in <c>$JUXA_HOME</c> readable only by their owner; standard output
/// (a container's log) gets where they are, never the secrets themselves.
/// </summary>
public sealed class Bootstrapper(NpgsqlDataSource db, IPasswordHasher<UserInfo> hasher, BootstrapOptions options, TimeProvider time, ILogger<Bootstrapper> logger)
{
    public const string KeyFileName = "bootstrap-admin-key";
    public const string PasswordFileName = "bootstrap-admin-password";

    /// <summary>Advisory-lock key ("JUXABOOT"), so two processes starting together bootstrap once.</summary>
    private const long LockKey = 0x4A555841424F4F54;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // SettingsValidator refuses such a key before a host is built; this guards hosts built without it.
        if (options.ApiKeyProblem() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        var apiKey = options.ApiKey;

        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock($1)", cancellationToken, LockKey);
        var empty = await connection.Command("SELECT NOT EXISTS (SELECT 1 FROM workspaces)").FirstOrDefaultAsync(r => r.GetBoolean(0), cancellationToken);
        if (!empty)
        {
            return;
        }

        var keyGenerated = apiKey is null;
        apiKey ??= SecretTokens.Generate(SecretTokens.ApiKeyPrefix);
        var passwordGenerated = options.Password is null;
        var password = options.Password ?? SecretTokens.Generate("");

        var now = time.GetUtcNow();
        var user = await UserRepository.InsertAsync(connection, options.Email, "Admin", hasher.HashPassword(null!, password), isPlatformOperator: true, now, cancellationToken)
            ?? throw new InvalidOperationException($"A user {options.Email} exists in a database with no workspace; refusing to bootstrap over it.");
        var workspace = await WorkspaceRepository.InsertAsync(connection, "Default", now, cancellationToken);
        var memberId = await MemberRepository.InsertAsync(connection, workspace.Id, user.Id, MemberRoles.Admin, now, cancellationToken);
        await StandardObjects.SeedAsync(connection, workspace.Id, now, cancellationToken);
        var key = new NewApiKey(workspace.Id, "Bootstrap admin key", SecretTokens.DisplayPrefix(apiKey), [Scopes.All], memberId, ExpiresAt: null, RateLimitPerMinute: null);
        await ApiKeyRepository.InsertAsync(connection, Guid.CreateVersion7(), SecretTokens.Hash(apiKey), key, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation("Bootstrapped workspace {WorkspaceId} with admin {Email}", workspace.Id, options.Email);
        Directory.CreateDirectory(options.HomeDirectory);
        if (keyGenerated)
        {
            var path = WriteSecret(KeyFileName, apiKey);
            // Where the key is, never the key: stdout is a container's log, and secrets stay out of logs.
            Console.Out.WriteLine($"Bootstrap admin API key saved to {path} (readable by this user only): cat {path}");
        }

        if (passwordGenerated)
        {
            var path = WriteSecret(PasswordFileName, password);
            Console.Out.WriteLine($"Bootstrap admin login: {options.Email} (password saved to {path})");
        }
    }

    private string WriteSecret(string fileName, string secret)
    {
        var path = Path.Combine(options.HomeDirectory, fileName);
        File.Delete(path);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, fileOptions);
        writer.Write(secret + "\n");
        return path;
    }
}
