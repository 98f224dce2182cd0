using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// Text filters ignore case as PostgreSQL's <c>lower()</c> does, also where .NET lower-cases otherwise: PostgreSQL makes
/// the Turkish capital İ an i, .NET's invariant culture keeps it. The trigram prefilter on the search text (which .NET
/// lower-cases) must not drop a record the filter itself matches (docs/query.md#sql).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TextFilterCaseFoldingTests(ApiFixture api)
{
    [Theory]
    [InlineData("job_title", "contains", "istanbul")]
    [InlineData("job_title", "starts_with", "istanbul")]
    [InlineData("job_title", "ends_with", "office")]
    [InlineData("name", "contains", "ilker")]
    [InlineData("name.first_name", "starts_with", "ilk")]
    public async Task A_text_filter_finds_a_capital_dotted_I_by_a_lower_case_i(string attribute, string op, string value)
    {
        var user = await api.SignUpAsync();
        var id = (await user.Session.PostOkAsync("/api/v1/objects/people/records",
            new { values = new { name = "İlker Yılmaz", job_title = "İSTANBUL OFFİCE" } }))["id"]!.GetValue<Guid>();

        var page = await user.Session.PostOkAsync("/api/v1/objects/people/records/query",
            new { filter = new { attribute, @operator = op, value } });

        Assert.Equal([id], page["records"]!.AsArray().Select(r => r!["id"]!.GetValue<Guid>()));
        Assert.Equal(1, page["pagination"]!["total"]!.GetValue<int>());
    }
}
