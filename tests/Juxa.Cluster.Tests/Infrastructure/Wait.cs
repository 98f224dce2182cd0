namespace Juxa.Cluster.Tests.Infrastructure;

public static class Wait
{
    /// <summary>Polls <paramref name="condition"/> every 100 ms; fails the test after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {timeout} for {what}.");
            await Task.Delay(100);
        }
    }
}
