using System.Net;
using System.Net.Http.Json;
using Juxa.Apps;
using Juxa.Tests.Apps;
using Juxa.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Juxa.Tests.Handoffs;

/// <summary>Handoff TTL, the purge of expired handoffs, and the configured public base URL, on a host whose handoffs live one second.</summary>
[Collection(ShortLivedCollection.Name)]
public sealed class HandoffExpiryTests(ShortLivedFixture fixture)
{
    private const string MintPath = "/api/v1/integrations/juxa-docs-handoff";

    private ApiFixture Api => fixture.Api;

    [Fact]
    public async Task An_expired_handoff_is_410_then_purged_to_404()
    {
        var user = await Api.SignUpAsync();
        var minted = await user.Session.PostOkAsync(MintPath, new { docPlain = "late" });
        var url = minted["handoffUrl"]!.GetValue<string>();
        var token = url[(url.IndexOf("handoff=", StringComparison.Ordinal) + "handoff=".Length)..];

        await ShortLivedFixture.OutliveAsync();
        var expired = await Consume(user, token);
        var (purgedHandoffs, _, _) = await Api.Factory.Services.GetRequiredService<ExpiredTokenPurger>().PurgeAsync();
        var purged = await Consume(user, token);

        Assert.StartsWith(ShortLivedFixture.PublicBaseUrl + "/docs?handoff=oc_handoff_", url);
        await expired.AssertErrorAsync(HttpStatusCode.Gone, "HANDOFF_EXPIRED");
        Assert.True(purgedHandoffs >= 1);
        await purged.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    private static Task<HttpResponseMessage> Consume(SignedUp user, string token) =>
        user.Session.Http.PostAsJsonAsync($"{MintPath}/{token}/consume", new { });
}
