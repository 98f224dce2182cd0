namespace Juxa.Tests.Infrastructure;

/// <summary>One database and one API host (with its co-hosted silo) shared by the API tests. Tests isolate themselves with fresh workspaces.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;


    public JuxaApiFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Factory = new JuxaApiFactory(Database);
        // Start the host (migrations, bootstrap, silo) once, before the first test.
        Factory.StartKestrel();
    }

    public async Task DisposeAsync()
    {
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
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
