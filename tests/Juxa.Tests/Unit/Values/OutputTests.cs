using System.Text.Json.Nodes;
using Juxa.Records.Values;
using Juxa.Schema;
using static Juxa.Tests.Unit.Values.Attributes;

namespace Juxa.Tests.Unit.Values;

public sealed class OutputTests
{
    [Theory]
    [InlineData(AttributeType.Select, false, "\"" + LeadId + "\"", "{\"id\":\"" + LeadId + "\",\"title\":\"Lead\"}")]
    [InlineData(AttributeType.Select, false, "\"" + ChurnedId + "\"", "{\"id\":\"" + ChurnedId + "\",\"title\":\"Churned\"}")]
    [InlineData(AttributeType.Select, false, "\"" + RecordId + "\"", "{\"id\":\"" + RecordId + "\",\"title\":null}")]
    [InlineData(AttributeType.Select, true, "[\"" + CustomerId + "\",\"" + LeadId + "\"]", "[{\"id\":\"" + CustomerId + "\",\"title\":\"Customer\"},{\"id\":\"" + LeadId + "\",\"title\":\"Lead\"}]")]
    [InlineData(AttributeType.Status, false, "\"" + CustomerId + "\"", "{\"id\":\"" + CustomerId + "\",\"title\":\"Customer\"}")]
    [InlineData(AttributeType.Text, false, null, null)]
    [InlineData(AttributeType.Text, true, null, "[]")]
    [InlineData(AttributeType.Select, true, null, "[]")]
    [InlineData(AttributeType.EmailAddress, true, "[\"a@x.com\",\"b@x.com\"]", "[\"a@x.com\",\"b@x.com\"]")]
    [InlineData(AttributeType.EmailAddress, true, "\"a@x.com\"", "[\"a@x.com\"]")]
    [InlineData(AttributeType.EmailAddress, false, "[\"a@x.com\",\"b@x.com\"]", "\"a@x.com\"")]
    [InlineData(AttributeType.Number, false, "12.50", "12.50")]
    [InlineData(AttributeType.PersonalName, false, "{\"last_name\":\"Doe\",\"full_name\":\"stale\",\"first_name\":\"Jane\"}", "{\"first_name\":\"Jane\",\"last_name\":\"Doe\",\"full_name\":\"Jane Doe\"}")]
    [InlineData(AttributeType.PersonalName, false, "{\"first_name\":\"Cher\"}", "{\"first_name\":\"Cher\",\"full_name\":\"Cher\"}")]
    [InlineData(AttributeType.Location, false, "{\"city\":\"Berlin\",\"line_1\":\"Unter den Linden 1\"}", "{\"line_1\":\"Unter den Linden 1\",\"city\":\"Berlin\"}")]
    [InlineData(AttributeType.Currency, false, "{\"currency\":\"EUR\",\"amount\":5}", "{\"amount\":5,\"currency\":\"EUR\"}")]
    [InlineData(AttributeType.ActorReference, false, "{\"actor_id\":\"" + RecordId + "\",\"actor_type\":\"api_key\"}", "{\"actor_type\":\"api_key\",\"actor_id\":\"" + RecordId + "\"}")]
    public void Output_form(AttributeType type, bool multiselect, string? stored, string? output)
    {
        var result = ValueCodec.ToOutput(Of(type, multiselect), stored is null ? null : JsonNode.Parse(stored));

        Assert.Equal(output, result?.ToJsonString(Compact));
    }

    [Fact]
    public void Output_is_a_new_node_that_can_be_attached_elsewhere()
    {
        var stored = JsonNode.Parse("[\"a@x.com\"]");

        var output = ValueCodec.ToOutput(Of(AttributeType.EmailAddress, multiselect: true), stored)!;
        var record = new JsonObject { ["email_addresses"] = output, ["stored"] = stored };

        Assert.NotSame(stored, output);
        Assert.Equal("{\"email_addresses\":[\"a@x.com\"],\"stored\":[\"a@x.com\"]}", record.ToJsonString());
    }

    /// <summary>What a client reads back it can write again unchanged: the output forms are accepted write forms.</summary>
    [Theory]
    [InlineData(AttributeType.Text, false, "\"Hello\"")]
    [InlineData(AttributeType.Number, false, "-12.5")]
    [InlineData(AttributeType.Currency, false, "{\"amount\": 10, \"currency\": \"JPY\"}")]
    [InlineData(AttributeType.Checkbox, false, "false")]
    [InlineData(AttributeType.Date, false, "\"2026-01-31\"")]
    [InlineData(AttributeType.Timestamp, false, "\"2026-01-31T10:00:00.123Z\"")]
    [InlineData(AttributeType.Rating, false, "3")]
    [InlineData(AttributeType.Select, true, "[\"Customer\", \"Lead\"]")]
    [InlineData(AttributeType.Status, false, "\"Lead\"")]
    [InlineData(AttributeType.EmailAddress, true, "[\"a@x.com\"]")]
    [InlineData(AttributeType.PhoneNumber, false, "\"+15551234567\"")]
    [InlineData(AttributeType.Domain, false, "\"example.com\"")]
    [InlineData(AttributeType.PersonalName, false, "\"Jane Doe\"")]
    [InlineData(AttributeType.Location, false, "{\"city\": \"Paris\", \"country_code\": \"FR\"}")]
    [InlineData(AttributeType.RecordReference, true, "[\"" + RecordId + "\"]")]
    [InlineData(AttributeType.ActorReference, false, "{\"actor_type\": \"api_key\", \"actor_id\": \"" + RecordId + "\"}")]
    public void Output_forms_round_trip_as_writes(AttributeType type, bool multiselect, string written)
    {
        var attribute = Of(type, multiselect);
        var stored = Normalize(attribute, written).Stored;

        var rewritten = Normalize(attribute, ValueCodec.ToOutput(attribute, stored)!.ToJsonString()).Stored;

        Assert.NotNull(stored);
        Assert.True(JsonNode.DeepEquals(stored, rewritten), $"{stored?.ToJsonString()} != {rewritten?.ToJsonString()}");
    }
}
