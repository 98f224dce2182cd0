using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// Asserts of one value wait for each other in the API process before they take a database connection: only one per
/// process waits on the value's database lock. Before, every waiting assert held a connection of its own (and the one
/// holding the lock needed a second for its write), so a burst of them on one value took every connection PostgreSQL
/// allows, and the rest of the burst, and every other request meanwhile, failed with 503.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AssertFloodTests(ApiFixture api)
{
    [Fact]
    public async Task Four_hundred_concurrent_asserts_of_one_value_all_succeed_with_one_record()
    {
        var user = await api.SignUpAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => user.Session.PostAsync("/api/v1/objects/companies/records/query",
            new { mode = "assert", matchAttribute = "name", matchValue = "Flood Inc", values = new { description = $"Try {i}" } })));

        var failed = responses.Where(r => !r.IsSuccessStatusCode).Select(r => r.StatusCode).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of 400 failed: {string.Join(", ", failed.GroupBy(s => s).Select(g => $"{g.Count()}x {(int)g.Key}"))}");
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var companies = await user.Session.GetOkAsync("/api/v1/objects/companies/records");
        Assert.Equal("Flood Inc", Assert.Single(companies["records"]!.AsArray())!["values"]!["name"]!.GetValue<string>());
    }
}
