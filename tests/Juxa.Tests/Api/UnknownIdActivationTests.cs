using System.Net;
using Juxa.ApiKeys;
using Juxa.Chat;
using Juxa.Missions;
using Juxa.Records;
using Juxa.Security;
using Juxa.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Juxa.Tests.Api;

/// <summary>
/// A read of an id that names nothing is a 404 (a token nobody holds a 401) and leaves no grain activation behind for
/// long: otherwise every guessed id would hold memory until Orleans' default collection age, and a client could fill a
/// silo with them. The activation stays a moment (<c>UnknownIdDeactivation</c>), so that parallel requests for the id
/// all get that answer, not a 503 for the requests queued behind a deactivation.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class UnknownIdActivationTests(ApiFixture api)
{
    [Fact]
    public async Task A_mission_or_conversation_that_does_not_exist_is_404_and_its_activation_goes()
    {
        var user = await api.SignUpAsync();
        var grains = api.Factory.Services.GetRequiredService<IGrainFactory>();
        var (missionId, conversationId) = (Guid.NewGuid(), Guid.NewGuid());

        await (await user.Session.GetAsync($"/api/v1/agent-missions/{missionId}")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await user.Session.GetAsync($"/api/v1/chat/conversations/{conversationId}")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");

        Assert.True(await DeactivatedAsync(grains, grains.GetGrain<IConversationGrain>(conversationId)), "the conversation's activation stayed");
        Assert.True(await DeactivatedAsync(grains, grains.GetGrain<IMissionGrain>(missionId)), "the mission's activation stayed");
    }

    [Fact]
    public async Task A_record_that_does_not_exist_or_an_unknown_key_leaves_no_activation()
    {
        var user = await api.SignUpAsync();
        var grains = api.Factory.Services.GetRequiredService<IGrainFactory>();
        var recordId = Guid.NewGuid();
        var token = "oc_sk_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        using var guesser = api.WithKey(token);

        await (await user.Session.GetAsync($"/api/v1/objects/people/records/{recordId}")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await guesser.GetAsync("/api/v1/workspace")).AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        Assert.True(await DeactivatedAsync(grains, grains.GetGrain<IRecordGrain>(recordId)), "the record's activation stayed");
        Assert.True(await DeactivatedAsync(grains, grains.GetGrain<IApiKeyGrain>(SecretTokens.HashHex(token))), "the key's activation stayed");
    }

    [Theory]
    [InlineData("/api/v1/objects/people/records/{0}")]
    [InlineData("/api/v1/chat/conversations/{0}")]
    [InlineData("/api/v1/agent-missions/{0}")]
    public async Task Parallel_reads_of_an_id_that_names_nothing_are_all_404(string path)
    {
        var user = await api.SignUpAsync();
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, path, Guid.NewGuid());

        // Deactivating in the call that found nothing forwarded the reads queued behind it until Orleans refused them (503).
        var responses = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => user.Session.GetAsync(url)));

        Assert.Equal([(HttpStatusCode.NotFound, 300)], responses.GroupBy(r => r.StatusCode).Select(g => (g.Key, g.Count())));
    }

    /// <summary>Whether the grain has no activation on any silo within seconds (it goes <c>UnknownIdDeactivation.Grace</c> after it found nothing).</summary>
    private static async Task<bool> DeactivatedAsync(IGrainFactory grains, IAddressable grain)
    {
        // Each silo's catalog, not GetActivationAddress: that answers from the directory cache, which can outlive the activation.
        var management = grains.GetGrain<IManagementGrain>(0);
        var id = grain.GetGrainId();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (!(await management.GetActiveGrains(id.Type)).Contains(id))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }
}
