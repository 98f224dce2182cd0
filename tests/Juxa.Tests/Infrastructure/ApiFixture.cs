using Juxa.Tests.Infrastructure.FakeOpenAi;

namespace Juxa.Tests.Infrastructure;

/// <summary>One database and one API host (with its co-hosted silo) shared by the API tests. Tests isolate themselves with fresh workspaces.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private readonly IReadOnlyDictionary<string, string?>? _settings;

    public ApiFixture()
        : this(settings: null)
    {
    }

    /// <summary>A fixture whose host gets these settings on top of the test defaults (for fixtures of their own; xunit uses the public constructor).</summary>
    internal ApiFixture(IReadOnlyDictionary<string, string?>? settings) => _settings = settings;

    public TestDatabase Database { get; private set; } = null!;


    public JuxaApiFactory Factory { get; private set; } = null!;

    /// <summary>The OpenAI-compatible fake the host's <c>Juxa:Llm</c> points at (chat, missions).</summary>
    public FakeOpenAiServer Llm { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Llm = await FakeOpenAiServer.StartAsync();
        var settings = new Dictionary<string, string?>(Llm.Settings);
        foreach (var (key, value) in _settings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        Factory = new JuxaApiFactory(Database, settings);
        // Start the host (migrations, bootstrap, silo) once, before the first test.
        Factory.StartKestrel();
    }

    public async Task DisposeAsync()
    {
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }

        if (Llm is not null)
        {
            await Llm.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }

    public JuxaClient Anonymous() => new(Factory.CreateHttpClient(cookies: true));

    public JuxaClient WithKey(string token) => JuxaClient.WithKey(Factory.CreateHttpClient(), token);

    public JuxaClient Bootstrap() => WithKey(JuxaApiFactory.BootstrapKey);

    /// <summary>Signs up a new user with a new workspace and returns its session client.</summary>
    public async Task<SignedUp> SignUpAsync(string? workspaceName = null)
    {
        var client = Anonymous();
        var email = $"user-{Guid.NewGuid():N}@example.com";
        var body = await client.PostOkAsync("/api/v1/auth/signup", new { email, password = "correct horse battery", name = "Test User", workspaceName = workspaceName ?? "Workspace " + email });
        return new SignedUp(client, email, "correct horse battery",
            body["workspace"]!["id"]!.GetValue<Guid>(), body["memberId"]!.GetValue<Guid>(), body["user"]!["id"]!.GetValue<Guid>());
    }
}

/// <summary>Helpers that reach past the API, for tests that need a state the API builds elsewhere.</summary>
public static class ApiFixtureExtensions
{
    /// <summary>
    /// Adds a second user to <paramref name="owner"/>'s workspace straight in the database and signs
    /// them in, so tests of one workspace's members do not depend on the members API.
    /// </summary>
    public static async Task<SignedUp> AddMemberAsync(this ApiFixture api, SignedUp owner, string role = "member")
    {
        var email = $"member-{Guid.NewGuid():N}@example.com";
        const string password = "member password 1";
        var userId = Guid.CreateVersion7();
        var memberId = Guid.CreateVersion7();
        await using (var db = api.Database.CreateDataSource())
        {
            await using var command = db.CreateCommand(
                """
                WITH u AS (INSERT INTO users (id, email, email_normalized, name, password_hash, created_at)
                           VALUES ($1, $2, $2, 'Second Member', $3, now()) RETURNING id)
                INSERT INTO workspace_members (id, workspace_id, user_id, role, created_at) SELECT $4, $5, u.id, $6, now() FROM u
                """);
            command.Parameters.AddWithValue(userId);
            command.Parameters.AddWithValue(email);
            command.Parameters.AddWithValue(new Microsoft.AspNetCore.Identity.PasswordHasher<Juxa.Identity.UserInfo>().HashPassword(null!, password));
            command.Parameters.AddWithValue(memberId);
            command.Parameters.AddWithValue(owner.WorkspaceId);
            command.Parameters.AddWithValue(role);
            await command.ExecuteNonQueryAsync();
        }

        var session = api.Anonymous();
        await session.PostOkAsync("/api/v1/auth/login", new { email, password });
        return new SignedUp(session, email, password, owner.WorkspaceId, memberId, userId);
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}

/// <summary>A signed-up user: their session client and identifiers.</summary>
public sealed record SignedUp(JuxaClient Session, string Email, string Password, Guid WorkspaceId, Guid MemberId, Guid UserId)
{
    /// <summary>Creates an API key through the session and returns its token.</summary>
    public async Task<(string Token, Guid Id)> CreateKeyAsync(string[]? scopes = null, int? rateLimitPerMinute = null, DateTimeOffset? expiresAt = null)
    {
        var body = await Session.PostOkAsync("/api/v1/api-keys", new { name = "test key", scopes, rateLimitPerMinute, expiresAt });
        return (body["token"]!.GetValue<string>(), body["id"]!.GetValue<Guid>());
    }
}
