using Juxa.Records.Values;
using Juxa.Schema;

namespace Juxa.Tests.Unit.Values;

public sealed class ValueOperatorsTests
{
    private static readonly string[] Textual = ["equals", "not_equals", "contains", "not_contains", "starts_with", "ends_with", "is_empty", "is_not_empty"];
    private static readonly string[] Ordered = ["equals", "not_equals", "gt", "gte", "lt", "lte", "is_empty", "is_not_empty"];
    private static readonly string[] Identity = ["equals", "not_equals", "is_empty", "is_not_empty"];

    [Theory]
    [InlineData(AttributeType.Text, "textual")]
    [InlineData(AttributeType.EmailAddress, "textual")]
    [InlineData(AttributeType.PhoneNumber, "textual")]
    [InlineData(AttributeType.Domain, "textual")]
    [InlineData(AttributeType.PersonalName, "textual")]
    [InlineData(AttributeType.Location, "textual")]
    [InlineData(AttributeType.Number, "ordered")]
    [InlineData(AttributeType.Currency, "ordered")]
    [InlineData(AttributeType.Rating, "ordered")]
    [InlineData(AttributeType.Date, "ordered")]
    [InlineData(AttributeType.Timestamp, "ordered")]
    [InlineData(AttributeType.Checkbox, "identity")]
    [InlineData(AttributeType.Select, "identity")]
    [InlineData(AttributeType.Status, "identity")]
    [InlineData(AttributeType.RecordReference, "identity")]
    [InlineData(AttributeType.ActorReference, "identity")]
    public void Operators_per_type(AttributeType type, string family)
    {
        var expected = family switch { "textual" => Textual, "ordered" => Ordered, _ => Identity };

        Assert.True(ValueOperators.For(type).SetEquals(expected), string.Join(", ", ValueOperators.For(type)));
    }

    [Fact]
    public void Every_type_has_operators_from_the_contract_and_every_contract_operator_is_used()
    {
        Assert.Equal(12, ValueOperators.All.Count);
        Assert.All(Enum.GetValues<AttributeType>(), t => Assert.Subset(ValueOperators.All.ToHashSet(), ValueOperators.For(t).ToHashSet()));
        Assert.Equal(ValueOperators.All.Order(), Enum.GetValues<AttributeType>().SelectMany(ValueOperators.For).Distinct().Order());
    }

    [Theory]
    [InlineData(AttributeType.PersonalName, new[] { "first_name", "last_name", "full_name" })]
    [InlineData(AttributeType.Location, new[] { "line_1", "line_2", "city", "state", "postcode", "country_code" })]
    [InlineData(AttributeType.Currency, new[] { "amount", "currency" })]
    [InlineData(AttributeType.Text, new string[0])]
    [InlineData(AttributeType.RecordReference, new string[0])]
    public void Sub_fields(AttributeType type, string[] subFields)
    {
        Assert.Equal(subFields, ValueOperators.SubFields(type));
    }
}
