using Juxa.Records.Values;
using Juxa.Schema;
using static Juxa.Tests.Unit.Values.Attributes;

namespace Juxa.Tests.Unit.Values;

public sealed class MultiselectTests
{
    [Theory]
    [InlineData(AttributeType.EmailAddress, "\"Jane@Example.com\"", "[\"jane@example.com\"]")]
    [InlineData(AttributeType.EmailAddress, "[\"A@x.com\", \"a@x.com\", \"b@x.com\"]", "[\"a@x.com\",\"b@x.com\"]")]
    [InlineData(AttributeType.EmailAddress, "[\"b@x.com\", {\"email_address\": \"a@x.com\"}]", "[\"b@x.com\",\"a@x.com\"]")]
    [InlineData(AttributeType.Text, "[\"Foo\", \"foo\", \"Bar\"]", "[\"Foo\",\"Bar\"]")]
    [InlineData(AttributeType.Number, "[1.50, \"1.5\", 2]", "[1.5,2]")]
    [InlineData(AttributeType.Select, "[\"Lead\", \"" + LeadId + "\", \"customer\"]", "[\"" + LeadId + "\",\"" + CustomerId + "\"]")]
    [InlineData(AttributeType.Domain, "[\"https://www.example.com\", \"example.com\", \"\", null]", "[\"example.com\"]")]
    [InlineData(AttributeType.RecordReference, "[\"" + RecordId + "\", \"" + OtherRecordId + "\"]", "[{\"target_object\":\"companies\",\"target_record_id\":\"" + RecordId + "\"},{\"target_object\":\"companies\",\"target_record_id\":\"" + OtherRecordId + "\"}]")]
    public void Multiselect_stores_the_distinct_elements_in_written_order(AttributeType type, string written, string stored)
    {
        Assert.Equal(stored, Stored(Of(type, multiselect: true), written));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[null, \"\", \"  \"]")]
    [InlineData("null")]
    public void An_empty_multiselect_is_no_value(string written)
    {
        Assert.Null(Normalize(Of(AttributeType.EmailAddress, multiselect: true), written).Stored);
    }

    [Fact]
    public void An_invalid_element_is_reported_with_its_position()
    {
        var error = Assert.Throws<AttributeValueException>(() => Normalize(Of(AttributeType.EmailAddress, multiselect: true), "[\"a@x.com\", \"nope\"]"));

        Assert.Equal("item 2: expected an email address like jane@example.com, got \"nope\"", error.Message);
    }

    [Fact]
    public void Nested_lists_are_rejected()
    {
        var error = Assert.Throws<AttributeValueException>(() => Normalize(Of(AttributeType.Text, multiselect: true), "[[\"a\"]]"));

        Assert.Equal("lists of lists are not values; give a flat list", error.Message);
    }

    [Fact]
    public void Status_is_single_valued_even_when_flagged_multiselect()
    {
        var status = Of(AttributeType.Status, multiselect: true);

        Assert.Equal("\"" + LeadId + "\"", Stored(status, "[\"Lead\"]"));
        Assert.Throws<AttributeValueException>(() => Normalize(status, "[\"Lead\", \"Customer\"]"));
        Assert.Equal(new Dictionary<string, string?> { ["id"] = LeadId, ["title"] = "Lead" }, ToDictionary(ValueCodec.ToOutput(status, Normalize(status, "\"Lead\"").Stored)!));
    }

    [Fact]
    public void Each_element_contributes_keys_and_terms()
    {
        var value = Normalize(Of(AttributeType.EmailAddress, multiselect: true), "[\"jane@example.com\", \"Jane@Example.com\", \"j.doe@work.io\"]");

        Assert.Equal(["jane@example.com", "j.doe@work.io"], value.UniqueKeys);
        Assert.Equal(["jane@example.com", "jane", "j.doe@work.io", "j.doe"], value.SearchTerms);
    }

    private static Dictionary<string, string?> ToDictionary(System.Text.Json.Nodes.JsonNode node) =>
        node.AsObject().ToDictionary(p => p.Key, p => p.Value?.GetValue<string>());
}
