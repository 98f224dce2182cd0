using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// PostgreSQL keeps microseconds, .NET 100-nanosecond ticks. A deadline written with seven fractional digits was stored
/// cut to six, but compared uncut: re-sending the very deadline a task was created with counted as a change, so the PATCH
/// wrote a new updatedAt, a task_updated activity entry and a taskChanged event every time.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TaskDeadlinePrecisionTests(ApiFixture api)
{
    private const string Deadline = "2027-03-01T17:00:00.1234567Z";

    [Fact]
    public async Task A_deadline_finer_than_a_microsecond_is_kept_to_the_microsecond_and_resending_it_changes_nothing()
    {
        var user = await api.SignUpAsync();
        var deal = (await user.Session.PostOkAsync("/api/v1/objects/deals/records", new { values = new { name = "D" } }))["id"]!.GetValue<Guid>();
        var task = await user.Session.PostOkAsync("/api/v1/tasks", new { content = "Sign", deadline = Deadline, recordIds = new[] { deal } });

        var again = await user.Session.PatchOkAsync($"/api/v1/tasks/{task["id"]}", new { deadline = Deadline });
        var activity = await user.Session.GetOkAsync($"/api/v1/objects/deals/records/{deal}/activity");

        Assert.Equal(DateTimeOffset.Parse("2027-03-01T17:00:00.123456Z"), task["deadline"]!.GetValue<DateTimeOffset>());
        Assert.Equal(task["deadline"]!.GetValue<DateTimeOffset>(), again["deadline"]!.GetValue<DateTimeOffset>());
        Assert.Equal(task["updatedAt"]!.GetValue<string>(), again["updatedAt"]!.GetValue<string>());
        Assert.Equal(["task_created", "created"], activity["activity"]!.AsArray().Select(a => a!["kind"]!.GetValue<string>()));
    }
}
