using System.Net;
using Juxa.Apps;
using Juxa.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Juxa.Tests.Apps;

/// <summary>Embed-token expiry and purge, on a host whose embed tokens live one second.</summary>
[Collection(ShortLivedCollection.Name)]
public sealed class EmbedTokenExpiryTests(ShortLivedFixture fixture)
{
    [Fact]
    public async Task An_expired_token_is_401_and_is_purged()
    {
        var app = await fixture.Api.EmbeddedAppAsync(["crm:read"]);

        await ShortLivedFixture.OutliveAsync();
        var expired = await app.Embed.GetAsync("/api/v1/objects/people/records");
        var (_, purged, _) = await fixture.Api.Factory.Services.GetRequiredService<ExpiredTokenPurger>().PurgeAsync();

        var error = await expired.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Contains("expired", error["message"]!.GetValue<string>());
        Assert.True(purged >= 1);
        await using var db = fixture.Api.Database.CreateDataSource();
        await using var count = db.CreateCommand("SELECT count(*) FROM embed_tokens WHERE installation_id = $1");
        count.Parameters.AddWithValue(app.InstallationId);
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
    }
}
