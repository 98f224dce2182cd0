using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// A query value of the wrong type is a 400 saying what the parameter must be, under details keyed by its name; before,
/// the message was ASP.NET Core's, naming .NET types (<c>Failed to bind parameter "Nullable&lt;bool&gt; unreadOnly"</c>), with no details.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class QueryParameterTests(ApiFixture api)
{
    [Theory]
    [InlineData("/api/v1/notifications?unreadOnly=1", "unreadOnly", "must be true or false")]
    [InlineData("/api/v1/tasks?showCompleted=yes", "showCompleted", "must be true or false")]
    [InlineData("/api/v1/objects/people/records?limit=abc", "limit", "must be an integer")]
    [InlineData("/api/v1/notes?offset=1.5", "offset", "must be an integer")]
    // The framework's message quotes the value: a value with the word "body" in it is still about the query.
    [InlineData("/api/v1/search?q=ada&limit=body", "limit", "must be an integer")]
    [InlineData("/api/v1/objects/people/attributes/options?attributeId=not-a-uuid", "attributeId", "must be a UUID")]
    public async Task A_query_value_of_the_wrong_type_is_400_naming_the_parameter(string path, string parameter, string expected)
    {
        var response = await api.Bootstrap().GetAsync(path);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var message = error["message"]!.GetValue<string>();
        Assert.Equal($"Query parameter '{parameter}' {expected}.", message);
        Assert.Equal([message], error["details"]![parameter]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public async Task A_query_value_of_the_right_type_out_of_range_keeps_its_own_message()
    {
        var response = await api.Bootstrap().GetAsync("/api/v1/objects/people/records?limit=500");

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("limit must be between 1 and 200.", error["message"]!.GetValue<string>());
        Assert.Equal(["limit must be between 1 and 200."], error["details"]!["limit"]!.AsArray().Select(m => m!.GetValue<string>()));
    }
}
