using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Apps;

/// <summary>
/// A host of its own whose handoffs and embed tokens live one second, whose purge keeps nothing
/// after expiry, which has a configured public base URL, and which has no chat provider: expiry tests
/// wait a second instead of ten minutes, and model features answer 503.
/// </summary>
public sealed class ShortLivedFixture : IAsyncLifetime
{
    public const string PublicBaseUrl = "https://crm.example.com";

    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);

    public ApiFixture Api { get; } = new(new Dictionary<string, string?>
    {
        ["Juxa:Handoff:Ttl"] = Lifetime.ToString(),
        ["Juxa:Apps:EmbedTokenTtl"] = Lifetime.ToString(),
        ["Juxa:Apps:PurgeGrace"] = "00:00:00",
        ["Juxa:PublicBaseUrl"] = PublicBaseUrl + "/",
        ["Juxa:Llm:Endpoint"] = null,
        ["Juxa:Llm:Model"] = null,
        ["Juxa:Llm:ApiKey"] = null,
    });

    public Task InitializeAsync() => Api.InitializeAsync();

    public Task DisposeAsync() => Api.DisposeAsync();

    /// <summary>Waits until anything minted before the call has expired.</summary>
    public static Task OutliveAsync() => Task.Delay(Lifetime + TimeSpan.FromMilliseconds(500));
}

[CollectionDefinition(Name)]
public sealed class ShortLivedCollection : ICollectionFixture<ShortLivedFixture>
{
    public const string Name = "short-lived";
}
