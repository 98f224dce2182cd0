using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// A query parameter the endpoint takes, given more than once, is a 400 naming it: ASP.NET Core joined a repeated
/// <c>?q=</c> into one value with a comma (<c>jane,doe</c>, searched for silently), and called a repeated <c>?limit=</c>
/// "not an integer". Parameters the endpoint does not take are ignored, repeated or not.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RepeatedQueryParameterTests(ApiFixture api)
{
    [Theory]
    [InlineData("/api/v1/search?q=jane&q=doe", "q")]
    [InlineData("/api/v1/search?q=jane&Q=doe", "q")]
    [InlineData("/api/v1/search?q=jane&limit=5&limit=5", "limit")]
    [InlineData("/api/v1/records/browse?limit=5&limit=10", "limit")]
    [InlineData("/api/v1/objects/people/records?offset=0&offset=1", "offset")]
    public async Task A_parameter_given_twice_is_400_naming_it(string path, string parameter)
    {
        var response = await api.Bootstrap().GetAsync(path);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var message = error["message"]!.GetValue<string>();
        Assert.Equal($"Query parameter '{parameter}' is given more than once; give it once.", message);
        Assert.Equal([message], error["details"]![parameter]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public async Task A_repeated_parameter_the_endpoint_does_not_take_is_ignored()
    {
        var user = await api.SignUpAsync();
        var id = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Ada Lovelace" } }))["id"]!.GetValue<Guid>();

        var browse = await user.Session.GetOkAsync("/api/v1/records/browse?_=1&_=2");
        // recordId is the route's, not the query's: a query value of that name binds nothing.
        var activity = await user.Session.GetOkAsync($"/api/v1/objects/people/records/{id}/activity?recordId=a&recordId=b");

        Assert.Equal(id, Assert.Single(browse["results"]!.AsArray())!["id"]!.GetValue<Guid>());
        Assert.Single(activity["activity"]!.AsArray());
    }
}
