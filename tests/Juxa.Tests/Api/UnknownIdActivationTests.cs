using System.Net;
using Juxa.Chat;
using Juxa.Missions;
using Juxa.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Juxa.Tests.Api;

/// <summary>
/// A read of an id that names nothing is a 404 and leaves no grain activation behind: otherwise every guessed id would
/// hold memory until Orleans' default collection age, and a client could fill a silo with them.
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

    /// <summary>Whether the grain has no activation on any silo within a few seconds (deactivation on idle follows the call).</summary>
    private static async Task<bool> DeactivatedAsync(IGrainFactory grains, IAddressable grain)
    {
        // Each silo's catalog, not GetActivationAddress: that answers from the directory cache, which can outlive the activation.
        var management = grains.GetGrain<IManagementGrain>(0);
        var id = grain.GetGrainId();
        for (var attempt = 0; attempt < 100; attempt++)
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
