using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// Every field of a record query is optional, so a query sent without a body (<c>curl -X POST …/records/query</c>), with an
/// empty one or with <c>null</c> is the query of <c>{}</c>: the first page of every record. Before, each was 400 INVALID_JSON.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RecordQueryBodyTests(ApiFixture api)
{
    private const string Json = "application/json";

    [Fact]
    public async Task No_body_an_empty_body_and_null_query_every_record_as_an_empty_object_does()
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync(scopes: ["integrations:read"]);
        using var key = api.WithKey(token);
        foreach (var name in new[] { "Ada", "Grace" })
        {
            await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name } });
        }

        const string Path = "/api/v1/objects/people/records/query";
        var expected = await key.PostOkAsync(Path, new { });
        var none = await key.Http.PostAsync(Path, content: null);
        var empty = await key.SendRawAsync(HttpMethod.Post, Path, "", Json);
        var jsonNull = await key.SendRawAsync(HttpMethod.Post, Path, "null", Json);

        Assert.Equal(2, expected["pagination"]!["total"]!.GetValue<long>());
        foreach (var response in new[] { none, empty, jsonNull })
        {
            var page = await JuxaClient.DataAsync(response, HttpStatusCode.OK);
            Assert.Equal(expected["records"]!.ToJsonString(), page["records"]!.ToJsonString());
            Assert.Equal(expected["pagination"]!.ToJsonString(), page["pagination"]!.ToJsonString());
        }

        await (await key.SendRawAsync(HttpMethod.Post, Path, "[]", Json)).AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_JSON");
        await (await key.SendRawAsync(HttpMethod.Post, Path, "limit=1", "text/plain")).AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }
}
