using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>The contract's Quick Start, step by step, as an integrator would run it.</summary>
[Collection(ApiCollection.Name)]
public sealed class QuickStartTests(ApiFixture api)
{
    [Fact]
    public async Task The_quick_start_works_as_written()
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync();
        using var client = api.WithKey(token);

        // List all object types
        var objects = await client.GetOkAsync("/api/v1/objects");
        Assert.Equal(["companies", "deals", "people"], objects.AsArray().Select(o => o!["slug"]!.GetValue<string>()).Order());

        // List people records
        var people = await client.GetOkAsync("/api/v1/objects/people/records");
        Assert.Empty(people["records"]!.AsArray());
        Assert.Equal(0, people["pagination"]!["total"]!.GetValue<int>());

        // Create a person
        var created = await client.SendRawAsync(HttpMethod.Post, "/api/v1/objects/people/records",
            """{"values": {"name": {"first_name": "Jane", "last_name": "Doe"}, "email_addresses": "jane@example.com"}}""", "application/json");
        var jane = await JuxaClient.DataAsync(created, HttpStatusCode.Created);
        Assert.Equal("Jane Doe", jane["values"]!["name"]!["full_name"]!.GetValue<string>());
        Assert.Equal(["jane@example.com"], jane["values"]!["email_addresses"]!.AsArray().Select(e => e!.GetValue<string>()));

        // Search across all records
        var search = await client.GetOkAsync("/api/v1/search?q=Jane");
        var hit = Assert.Single(search["results"]!.AsArray())!;
        Assert.Equal(jane["id"]!.GetValue<Guid>(), hit["id"]!.GetValue<Guid>());
        Assert.Equal("people", hit["object"]!.GetValue<string>());

        // Query with filters
        foreach (var value in new[] { 5000, 25000, 10000, 9999, 12000 })
        {
            await client.PostOkAsync("/api/v1/objects/deals/records", new { values = new { name = $"Deal {value}", deal_value = value } });
        }

        var query = await client.SendRawAsync(HttpMethod.Post, "/api/v1/objects/deals/records/query",
            """{"filter": {"operator": "and", "conditions": [{"attribute": "deal_value", "operator": "gte", "value": 10000}]}, "sorts": [{"attribute": "deal_value", "direction": "desc"}]}""",
            "application/json");
        var deals = await JuxaClient.DataAsync(query, HttpStatusCode.OK);
        Assert.Equal([25000m, 12000m, 10000m], deals["records"]!.AsArray().Select(d => d!["values"]!["deal_value"]!["amount"]!.GetValue<decimal>()));
        Assert.Equal(3, deals["pagination"]!["total"]!.GetValue<int>());
    }
}
