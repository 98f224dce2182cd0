using System.Text.Json.Nodes;
using Juxa.Records.Values;
using Juxa.Schema;
using static Juxa.Tests.Unit.Values.Attributes;

namespace Juxa.Tests.Unit.Values;

/// <summary>The unique keys, search terms and references derived from values.</summary>
public sealed class IndexTests
{
    [Theory]
    [InlineData(AttributeType.Text, "\"Hello World\"", "hello world")]
    [InlineData(AttributeType.Number, "12.50", "12.5")]
    [InlineData(AttributeType.Number, "\"-0.10\"", "-0.1")]
    [InlineData(AttributeType.Currency, "{\"amount\": 10000.00, \"currency\": \"usd\"}", "10000 USD")]
    [InlineData(AttributeType.Checkbox, "true", "true")]
    [InlineData(AttributeType.Date, "\"2026-01-31\"", "2026-01-31")]
    [InlineData(AttributeType.Timestamp, "\"2026-01-31T10:00:00+01:00\"", "2026-01-31T09:00:00.000Z")]
    [InlineData(AttributeType.Rating, "4", "4")]
    [InlineData(AttributeType.Select, "\"Lead\"", LeadId)]
    [InlineData(AttributeType.Status, "\"customer\"", CustomerId)]
    [InlineData(AttributeType.EmailAddress, "\"Jane@Example.com\"", "jane@example.com")]
    [InlineData(AttributeType.PhoneNumber, "\"+1 555 123 4567\"", "+15551234567")]
    [InlineData(AttributeType.Domain, "\"https://www.example.com\"", "example.com")]
    [InlineData(AttributeType.PersonalName, "{\"first_name\": \"Jane\", \"last_name\": \"Doe\"}", "jane doe")]
    [InlineData(AttributeType.Location, "{\"city\": \"Berlin\", \"country_code\": \"de\"}", "[null,null,\"berlin\",null,null,\"de\"]")]
    [InlineData(AttributeType.RecordReference, "\"" + RecordId + "\"", RecordId)]
    [InlineData(AttributeType.ActorReference, "{\"actor_type\": \"api_key\", \"actor_id\": \"" + RecordId + "\"}", "api_key:" + RecordId)]
    public void Unique_key(AttributeType type, string written, string key)
    {
        Assert.Equal([key], Normalize(Of(type), written).UniqueKeys);
    }

    [Theory]
    [InlineData(AttributeType.Text, "\"STRASSE \u00dc\"", "\"strasse \u00fc\"")]
    [InlineData(AttributeType.Location, "{\"city\": \"M\u00dcNCHEN\"}", "{\"city\": \"m\u00fcnchen\"}")]
    [InlineData(AttributeType.PersonalName, "\"JANE DOE\"", "{\"first_name\": \"jane\", \"last_name\": \"doe\"}")]
    [InlineData(AttributeType.Currency, "{\"amount\": 5, \"currency\": \"eur\"}", "{\"amount\": 5.000, \"currency_code\": \"EUR\"}")]
    public void Values_that_differ_only_in_case_or_scale_share_a_unique_key(AttributeType type, string one, string other)
    {
        var attribute = Of(type);

        Assert.Equal(Normalize(attribute, one).UniqueKeys, Normalize(attribute, other).UniqueKeys);
        Assert.Single(Normalize(attribute, one).UniqueKeys);
    }

    [Theory]
    [InlineData(AttributeType.Text, "\"Acme Rockets\"", new[] { "acme rockets" })]
    [InlineData(AttributeType.EmailAddress, "\"Jane.Doe@Example.com\"", new[] { "jane.doe@example.com", "jane.doe" })]
    [InlineData(AttributeType.PhoneNumber, "\"+1 (555) 123-4567\"", new[] { "15551234567" })]
    [InlineData(AttributeType.Domain, "\"Example.com\"", new[] { "example.com" })]
    [InlineData(AttributeType.PersonalName, "\"Jane Doe\"", new[] { "jane doe", "jane", "doe" })]
    [InlineData(AttributeType.PersonalName, "\"Cher\"", new[] { "cher" })]
    [InlineData(AttributeType.Number, "12", new string[0])]
    [InlineData(AttributeType.Checkbox, "true", new string[0])]
    [InlineData(AttributeType.Date, "\"2026-01-31\"", new string[0])]
    [InlineData(AttributeType.Select, "\"Lead\"", new string[0])]
    [InlineData(AttributeType.Location, "{\"city\": \"Berlin\"}", new string[0])]
    [InlineData(AttributeType.RecordReference, "\"" + RecordId + "\"", new string[0])]
    public void Search_terms(AttributeType type, string written, string[] terms)
    {
        Assert.Equal(terms, Normalize(Of(type), written).SearchTerms);
    }

    [Fact]
    public void Record_references_are_reported_for_the_caller_to_check()
    {
        var value = Normalize(Of(AttributeType.RecordReference, multiselect: true), $"[\"{RecordId}\", {{\"target_record_id\": \"{OtherRecordId}\"}}]");

        Assert.Equal([new RecordRef("companies", Guid.Parse(RecordId)), new RecordRef("companies", Guid.Parse(OtherRecordId))], value.References);
        Assert.Empty(value.Actors);
    }

    [Fact]
    public void Actors_are_reported_for_the_caller_to_check()
    {
        var value = Normalize(Of(AttributeType.ActorReference, multiselect: true), $"[\"{RecordId}\", {{\"actor_type\": \"api_key\", \"actor_id\": \"{OtherRecordId}\"}}]");

        Assert.Equal([new ActorRef("member", Guid.Parse(RecordId)), new ActorRef("api_key", Guid.Parse(OtherRecordId))], value.Actors);
        Assert.Empty(value.References);
    }

    /// <summary>jsonb reorders keys and keeps numeric scale; an index rebuilt from the database must match the one built at write time.</summary>
    [Theory]
    [InlineData(AttributeType.PersonalName, "\"Jane Doe\"", "{\"full_name\": \"Jane Doe\", \"last_name\": \"Doe\", \"first_name\": \"Jane\"}")]
    [InlineData(AttributeType.Location, "{\"line_1\": \"1 Main St\", \"city\": \"Springfield\"}", "{\"city\": \"Springfield\", \"line_1\": \"1 Main St\"}")]
    [InlineData(AttributeType.Currency, "{\"amount\": 12.5, \"currency\": \"EUR\"}", "{\"currency\": \"EUR\", \"amount\": 12.50}")]
    [InlineData(AttributeType.Number, "12.5", "12.50")]
    public void Describe_on_a_value_read_back_from_the_database_matches_the_write(AttributeType type, string written, string fromDatabase)
    {
        var attribute = Of(type);
        var atWrite = Normalize(attribute, written);

        var rebuilt = ValueCodec.Describe(attribute, JsonNode.Parse(fromDatabase));

        Assert.Equal(atWrite.UniqueKeys, rebuilt.UniqueKeys);
        Assert.Equal(atWrite.SearchTerms, rebuilt.SearchTerms);
    }

    [Fact]
    public void Describe_copies_the_stored_value_and_ignores_archived_options()
    {
        var attribute = Of(AttributeType.Select, multiselect: true);
        var stored = JsonNode.Parse($"[\"{ChurnedId}\", \"{LeadId}\"]");

        var described = ValueCodec.Describe(attribute, stored);

        Assert.NotSame(stored, described.Stored);
        Assert.True(JsonNode.DeepEquals(stored, described.Stored));
        Assert.Equal([ChurnedId, LeadId], described.UniqueKeys);
        Assert.Same(NormalizedValue.None, ValueCodec.Describe(attribute, null));
    }
}
