using Juxa.Identity;

namespace Juxa.Tests.Grains;

[Collection(GrainCollection.Name)]
public sealed class SignInThrottleGrainTests(GrainClusterFixture fixture)
{
    [Fact]
    public async Task Attempts_past_the_limit_are_refused_with_the_seconds_until_one_fits()
    {
        var grain = fixture.Grains.GetGrain<ISignInThrottleGrain>($"192.0.2.{Random.Shared.Next(1, 255)}-{Guid.NewGuid():N}");

        int[] allowed = [await grain.TryAttemptAsync(3), await grain.TryAttemptAsync(3), await grain.TryAttemptAsync(3)];
        var refused = await grain.TryAttemptAsync(3);
        var refusedAgain = await grain.TryAttemptAsync(3);

        Assert.Equal([0, 0, 0], allowed);
        Assert.InRange(refused, 1, 60);
        // Refused attempts are not counted: the wait does not grow.
        Assert.InRange(refusedAgain, 1, refused);
    }

    [Fact]
    public async Task Nodes_that_disagree_on_the_limit_still_share_one_count()
    {
        var grain = fixture.Grains.GetGrain<ISignInThrottleGrain>($"198.51.100.7-{Guid.NewGuid():N}");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, await grain.TryAttemptAsync(3));
        }

        // A node set to 5 counts on from 3, and a node still at 3 is refused meanwhile.
        Assert.NotEqual(0, await grain.TryAttemptAsync(3));
        Assert.Equal(0, await grain.TryAttemptAsync(5));
        Assert.Equal(0, await grain.TryAttemptAsync(5));
        Assert.NotEqual(0, await grain.TryAttemptAsync(5));
        Assert.NotEqual(0, await grain.TryAttemptAsync(3));
    }
}
