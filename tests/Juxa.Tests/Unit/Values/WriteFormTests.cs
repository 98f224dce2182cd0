using Juxa.Records.Values;
using Juxa.Schema;
using static Juxa.Tests.Unit.Values.Attributes;

namespace Juxa.Tests.Unit.Values;

/// <summary>Every accepted write form of every type, mapped to its exact stored JSON (docs/records-storage.md).</summary>
public sealed class WriteFormTests
{
    [Theory]
    [InlineData(AttributeType.Text, "\"  Hello world  \"", "\"Hello world\"")]
    [InlineData(AttributeType.Text, "{\"value\": \"Hi\"}", "\"Hi\"")]
    [InlineData(AttributeType.Text, "[\"only\"]", "\"only\"")]
    [InlineData(AttributeType.Number, "12.50", "12.5")]
    [InlineData(AttributeType.Number, "-0.000", "0")]
    [InlineData(AttributeType.Number, "1e3", "1000")]
    [InlineData(AttributeType.Number, "\" -3.250 \"", "-3.25")]
    [InlineData(AttributeType.Number, "\"2.5E-3\"", "0.0025")]
    [InlineData(AttributeType.Number, "0.15E1", "1.5")]
    [InlineData(AttributeType.Number, "1e-28", "0.0000000000000000000000000001")]
    [InlineData(AttributeType.Number, "1234567890123456789012345678", "1234567890123456789012345678")]
    [InlineData(AttributeType.Number, "{\"value\": 7}", "7")]
    [InlineData(AttributeType.Currency, "10000", "{\"amount\":10000,\"currency\":\"USD\"}")]
    [InlineData(AttributeType.Currency, "\"99.90\"", "{\"amount\":99.9,\"currency\":\"USD\"}")]
    [InlineData(AttributeType.Currency, "{\"currency_value\": 99.90, \"currency_code\": \"eur\"}", "{\"amount\":99.9,\"currency\":\"EUR\"}")]
    [InlineData(AttributeType.Currency, "{\"amount\": \"5\", \"currency\": \"GBP\"}", "{\"amount\":5,\"currency\":\"GBP\"}")]
    [InlineData(AttributeType.Currency, "{\"amount\": 5}", "{\"amount\":5,\"currency\":\"USD\"}")]
    [InlineData(AttributeType.Checkbox, "true", "true")]
    [InlineData(AttributeType.Checkbox, "\"FALSE\"", "false")]
    [InlineData(AttributeType.Checkbox, "{\"value\": false}", "false")]
    [InlineData(AttributeType.Date, "\"2026-01-31\"", "\"2026-01-31\"")]
    [InlineData(AttributeType.Date, "\"2026-01-31T23:30:00-02:00\"", "\"2026-02-01\"")]
    [InlineData(AttributeType.Date, "\"2026-01-31T00:30:00+01:00\"", "\"2026-01-30\"")]
    [InlineData(AttributeType.Date, "\"2026-01-31T10:00:00\"", "\"2026-01-31\"")]
    [InlineData(AttributeType.Date, "{\"value\": \"2024-02-29\"}", "\"2024-02-29\"")]
    [InlineData(AttributeType.Timestamp, "\"2026-01-31T10:00:00Z\"", "\"2026-01-31T10:00:00.000Z\"")]
    [InlineData(AttributeType.Timestamp, "\"2026-01-31T10:00:00.123456+01:00\"", "\"2026-01-31T09:00:00.123Z\"")]
    [InlineData(AttributeType.Timestamp, "\"2026-01-31T10:00:00.9999Z\"", "\"2026-01-31T10:00:00.999Z\"")]
    [InlineData(AttributeType.Timestamp, "\"2026-01-01T00:30+0100\"", "\"2025-12-31T23:30:00.000Z\"")]
    [InlineData(AttributeType.Timestamp, "\"2026-01-31 10:00:00z\"", "\"2026-01-31T10:00:00.000Z\"")]
    [InlineData(AttributeType.Timestamp, "\"2026-01-31\"", "\"2026-01-31T00:00:00.000Z\"")]
    [InlineData(AttributeType.Timestamp, "{\"value\": \"2026-01-31T10:00:00.5-05:00\"}", "\"2026-01-31T15:00:00.500Z\"")]
    [InlineData(AttributeType.Rating, "4", "4")]
    [InlineData(AttributeType.Rating, "5.0", "5")]
    [InlineData(AttributeType.Rating, "\"3\"", "3")]
    [InlineData(AttributeType.Rating, "{\"value\": 0}", "0")]
    [InlineData(AttributeType.Select, "\"lead\"", "\"" + LeadId + "\"")]
    [InlineData(AttributeType.Select, "\"" + CustomerId + "\"", "\"" + CustomerId + "\"")]
    [InlineData(AttributeType.Select, "{\"option\": \"Customer\"}", "\"" + CustomerId + "\"")]
    [InlineData(AttributeType.Select, "{\"id\": \"" + LeadId + "\", \"title\": \"stale title\"}", "\"" + LeadId + "\"")]
    [InlineData(AttributeType.Status, "\"CUSTOMER\"", "\"" + CustomerId + "\"")]
    [InlineData(AttributeType.Status, "{\"status\": \"Lead\"}", "\"" + LeadId + "\"")]
    [InlineData(AttributeType.EmailAddress, "\" Jane@Example.COM \"", "\"jane@example.com\"")]
    [InlineData(AttributeType.EmailAddress, "{\"email_address\": \"a.b+c@x.io\"}", "\"a.b+c@x.io\"")]
    [InlineData(AttributeType.PhoneNumber, "\"+1 (555) 123-4567\"", "\"+15551234567\"")]
    [InlineData(AttributeType.PhoneNumber, "\"030.1234.5678\"", "\"03012345678\"")]
    [InlineData(AttributeType.PhoneNumber, "{\"original_phone_number\": \"+44 20 7946 0958\", \"country_code\": \"GB\"}", "\"+442079460958\"")]
    [InlineData(AttributeType.PhoneNumber, "{\"phone_number\": \"12345\"}", "\"12345\"")]
    [InlineData(AttributeType.Domain, "\"example.com\"", "\"example.com\"")]
    [InlineData(AttributeType.Domain, "\"https://www.Example.com/path?x=1\"", "\"example.com\"")]
    [InlineData(AttributeType.Domain, "\"www.example.com\"", "\"example.com\"")]
    [InlineData(AttributeType.Domain, "\"Shop.Example.co.uk:8080/cart\"", "\"shop.example.co.uk\"")]
    [InlineData(AttributeType.Domain, "\"example.com.\"", "\"example.com\"")]
    [InlineData(AttributeType.Domain, "\"www.com\"", "\"www.com\"")]
    [InlineData(AttributeType.Domain, "{\"domain\": \"http://b\u00fccher.de\"}", "\"xn--bcher-kva.de\"")]
    [InlineData(AttributeType.PersonalName, "{\"first_name\": \"Jane\", \"last_name\": \"Doe\"}", "{\"first_name\":\"Jane\",\"last_name\":\"Doe\",\"full_name\":\"Jane Doe\"}")]
    [InlineData(AttributeType.PersonalName, "{\"last_name\": \" Doe \", \"full_name\": \"ignored\"}", "{\"last_name\":\"Doe\",\"full_name\":\"Doe\"}")]
    [InlineData(AttributeType.PersonalName, "{\"first_name\": \"Jane\", \"last_name\": null}", "{\"first_name\":\"Jane\",\"full_name\":\"Jane\"}")]
    [InlineData(AttributeType.PersonalName, "{\"full_name\": \"Jane Doe\"}", "{\"first_name\":\"Jane\",\"last_name\":\"Doe\",\"full_name\":\"Jane Doe\"}")]
    [InlineData(AttributeType.PersonalName, "\"Jane Doe\"", "{\"first_name\":\"Jane\",\"last_name\":\"Doe\",\"full_name\":\"Jane Doe\"}")]
    [InlineData(AttributeType.PersonalName, "\"Mary Ann Smith\"", "{\"first_name\":\"Mary Ann\",\"last_name\":\"Smith\",\"full_name\":\"Mary Ann Smith\"}")]
    [InlineData(AttributeType.PersonalName, "\"Cher\"", "{\"first_name\":\"Cher\",\"full_name\":\"Cher\"}")]
    [InlineData(AttributeType.Location, "{\"city\": \"Berlin\", \"country_code\": \"de\"}", "{\"city\":\"Berlin\",\"country_code\":\"DE\"}")]
    [InlineData(AttributeType.Location, "{\"country_code\": \"us\", \"postcode\": \"10001\", \"line_1\": \"1 Main St\"}", "{\"line_1\":\"1 Main St\",\"postcode\":\"10001\",\"country_code\":\"US\"}")]
    [InlineData(AttributeType.Location, "{\"line_1\": \"a\", \"line_2\": \"b\", \"city\": \"c\", \"state\": \"d\", \"postcode\": \"e\", \"country_code\": \"FR\"}", "{\"line_1\":\"a\",\"line_2\":\"b\",\"city\":\"c\",\"state\":\"d\",\"postcode\":\"e\",\"country_code\":\"FR\"}")]
    [InlineData(AttributeType.Location, "\" 1 Main St, Springfield \"", "{\"line_1\":\"1 Main St, Springfield\"}")]
    [InlineData(AttributeType.RecordReference, "\"" + RecordId + "\"", "{\"target_object\":\"companies\",\"target_record_id\":\"" + RecordId + "\"}")]
    [InlineData(AttributeType.RecordReference, "{\"target_object\": \"companies\", \"target_record_id\": \"0196F1A011117000800000000000000A\"}", "{\"target_object\":\"companies\",\"target_record_id\":\"" + RecordId + "\"}")]
    [InlineData(AttributeType.RecordReference, "{\"target_record_id\": \"" + RecordId + "\"}", "{\"target_object\":\"companies\",\"target_record_id\":\"" + RecordId + "\"}")]
    [InlineData(AttributeType.ActorReference, "\"" + RecordId + "\"", "{\"actor_type\":\"member\",\"actor_id\":\"" + RecordId + "\"}")]
    [InlineData(AttributeType.ActorReference, "{\"actor_type\": \"api_key\", \"actor_id\": \"" + RecordId + "\"}", "{\"actor_type\":\"api_key\",\"actor_id\":\"" + RecordId + "\"}")]
    [InlineData(AttributeType.ActorReference, "{\"actor_id\": \"" + RecordId + "\"}", "{\"actor_type\":\"member\",\"actor_id\":\"" + RecordId + "\"}")]
    public void Accepted_write_forms_store_the_canonical_form(AttributeType type, string written, string stored)
    {
        Assert.Equal(stored, Stored(Of(type), written));
    }

    [Theory]
    [InlineData(AttributeType.Text, "null")]
    [InlineData(AttributeType.Text, "\"   \"")]
    [InlineData(AttributeType.Text, "[]")]
    [InlineData(AttributeType.Text, "[null]")]
    [InlineData(AttributeType.Number, "\"\"")]
    [InlineData(AttributeType.Currency, "{\"amount\": null, \"currency\": \"EUR\"}")]
    [InlineData(AttributeType.Checkbox, "null")]
    [InlineData(AttributeType.Checkbox, "{\"value\": null}")]
    [InlineData(AttributeType.Date, "{\"value\": \" \"}")]
    [InlineData(AttributeType.Select, "\"\"")]
    [InlineData(AttributeType.EmailAddress, "{\"email_address\": null}")]
    [InlineData(AttributeType.PersonalName, "{\"first_name\": \" \", \"last_name\": \"\"}")]
    [InlineData(AttributeType.PersonalName, "{}")]
    [InlineData(AttributeType.Location, "{\"line_1\": null, \"city\": \"\"}")]
    [InlineData(AttributeType.RecordReference, "\"\"")]
    [InlineData(AttributeType.ActorReference, "null")]
    public void Null_blank_and_empty_mean_no_value(AttributeType type, string written)
    {
        var value = Normalize(Of(type), written);

        Assert.Null(value.Stored);
        Assert.Empty(value.UniqueKeys);
        Assert.Empty(value.SearchTerms);
        Assert.Empty(value.References);
        Assert.Empty(value.Actors);
    }

    [Theory]
    [InlineData(AttributeType.Text, "42", "expected text (a JSON string), got 42")]
    [InlineData(AttributeType.Text, "true", "expected text (a JSON string), got true")]
    [InlineData(AttributeType.Text, "{\"val\": \"x\"}", "unexpected key \"val\"; allowed keys are: value")]
    [InlineData(AttributeType.Text, "{}", "the object needs a \"value\" key")]
    [InlineData(AttributeType.Text, "[\"a\", \"b\"]", "single value, but a list of 2 values was given")]
    [InlineData(AttributeType.Text, "\"a\\u0000b\"", "NUL character")]
    [InlineData(AttributeType.Text, "\"\\ud800\"", "not valid Unicode")]
    [InlineData(AttributeType.Number, "\"abc\"", "expected a number like 12.5, got \"abc\"")]
    [InlineData(AttributeType.Number, "\"NaN\"", "expected a number")]
    [InlineData(AttributeType.Number, "\"Infinity\"", "expected a number")]
    [InlineData(AttributeType.Number, "\"1,000\"", "expected a number")]
    [InlineData(AttributeType.Number, "true", "expected a number like 12.5, got true")]
    [InlineData(AttributeType.Number, "1e400", "out of range")]
    [InlineData(AttributeType.Number, "1.00000000000000000000000000001", "cannot be stored exactly")]
    [InlineData(AttributeType.Number, "1e-29", "cannot be stored exactly")]
    [InlineData(AttributeType.Number, "\"1.00000000000000000000000000001\"", "cannot be stored exactly")]
    [InlineData(AttributeType.Currency, "{\"amount\": 1e-29}", "cannot be stored exactly")]
    [InlineData(AttributeType.Text, "{\"value\": \"g\", \"value\": \"h\"}", "the key \"value\" appears twice")]
    [InlineData(AttributeType.Currency, "{\"amount\": 5, \"currency\": \"EURO\"}", "three-letter ISO 4217 currency code like USD, got \"EURO\"")]
    [InlineData(AttributeType.Currency, "{\"currency\": \"USD\"}", "needs an \"amount\" key")]
    [InlineData(AttributeType.Currency, "{\"amount\": 5, \"cur\": \"USD\"}", "unexpected key \"cur\"")]
    [InlineData(AttributeType.Currency, "\"ten\"", "expected an amount like 10000")]
    [InlineData(AttributeType.Checkbox, "\"yes\"", "expected true or false, got \"yes\"")]
    [InlineData(AttributeType.Checkbox, "1", "expected true or false, got 1")]
    [InlineData(AttributeType.Date, "\"31/01/2026\"", "expected a date like 2026-01-31, got \"31/01/2026\"")]
    [InlineData(AttributeType.Date, "\"2026-02-30\"", "expected a date")]
    [InlineData(AttributeType.Date, "\"2026-1-5\"", "expected a date")]
    [InlineData(AttributeType.Date, "\"2026-01-31T25:00:00Z\"", "expected a date")]
    [InlineData(AttributeType.Date, "20260131", "expected a date")]
    [InlineData(AttributeType.Timestamp, "\"2026-01-31T10:00:00\"", "has no time zone")]
    [InlineData(AttributeType.Timestamp, "\"yesterday\"", "expected a timestamp like 2026-01-31T10:00:00Z")]
    [InlineData(AttributeType.Timestamp, "\"2026-01-31T10:00:00+15:00\"", "expected a timestamp")]
    [InlineData(AttributeType.Timestamp, "\"2026-01-31T10:00:00Z later\"", "expected a timestamp")]
    [InlineData(AttributeType.Timestamp, "1767225600", "expected a timestamp")]
    [InlineData(AttributeType.Rating, "6", "expected a whole number from 0 to 5, got 6")]
    [InlineData(AttributeType.Rating, "-1", "expected a whole number from 0 to 5")]
    [InlineData(AttributeType.Rating, "2.5", "expected a whole number from 0 to 5")]
    [InlineData(AttributeType.Rating, "\"four\"", "expected a whole number from 0 to 5")]
    [InlineData(AttributeType.Select, "\"Foo\"", "unknown option 'Foo'; options are: Lead, Customer")]
    [InlineData(AttributeType.Select, "\"churned\"", "the option 'Churned' is archived; options are: Lead, Customer")]
    [InlineData(AttributeType.Select, "\"" + ChurnedId + "\"", "the option 'Churned' is archived")]
    [InlineData(AttributeType.Select, "\"" + RecordId + "\"", "unknown option '" + RecordId + "'")]
    [InlineData(AttributeType.Select, "{\"status\": \"Lead\"}", "unexpected key \"status\"")]
    [InlineData(AttributeType.Select, "3", "expected an option title or id, got 3")]
    [InlineData(AttributeType.Status, "\"Won\"", "unknown status 'Won'; statuses are: Lead, Customer")]
    [InlineData(AttributeType.EmailAddress, "\"jane\"", "expected an email address like jane@example.com, got \"jane\"")]
    [InlineData(AttributeType.EmailAddress, "\"Jane <jane@example.com>\"", "expected an email address")]
    [InlineData(AttributeType.EmailAddress, "\"a b@example.com\"", "expected an email address")]
    [InlineData(AttributeType.EmailAddress, "\"jane@@example.com\"", "expected an email address")]
    [InlineData(AttributeType.EmailAddress, "\"\\\"a\\u0001b\\\"@example.com\"", "expected an email address")]
    [InlineData(AttributeType.EmailAddress, "\"\\\"a\\tb\\\"@example.com\"", "expected an email address")]
    [InlineData(AttributeType.EmailAddress, "42", "expected an email address")]
    [InlineData(AttributeType.PhoneNumber, "\"555-CALL-NOW\"", "expected a phone number like +1 555 123 4567")]
    [InlineData(AttributeType.PhoneNumber, "\"1+555 1234\"", "expected a phone number")]
    [InlineData(AttributeType.PhoneNumber, "\"+1 555 123 4567 ext 9\"", "expected a phone number")]
    [InlineData(AttributeType.PhoneNumber, "\"12-34\"", "5 to 20 digits, got \"12-34\" (4 digits)")]
    [InlineData(AttributeType.PhoneNumber, "\"123456789012345678901\"", "(21 digits)")]
    [InlineData(AttributeType.PhoneNumber, "15551234567", "expected a phone number")]
    [InlineData(AttributeType.Domain, "\"localhost\"", "expected a domain like example.com, got \"localhost\"")]
    [InlineData(AttributeType.Domain, "\"http://10.0.0.1/\"", "expected a domain")]
    [InlineData(AttributeType.Domain, "\"jane@example.com\"", "expected a domain")]
    [InlineData(AttributeType.Domain, "\"exa mple.com\"", "expected a domain")]
    [InlineData(AttributeType.Domain, "\"-bad-.com\"", "expected a domain")]
    [InlineData(AttributeType.PersonalName, "42", "expected a name like \"Jane Doe\"")]
    [InlineData(AttributeType.PersonalName, "{\"first\": \"Jane\"}", "unexpected key \"first\"; allowed keys are: first_name, last_name, full_name")]
    [InlineData(AttributeType.PersonalName, "{\"first_name\": 5}", "expected \"first_name\" to be a string, got 5")]
    [InlineData(AttributeType.Location, "{\"city\": \"Berlin\", \"zip\": \"10115\"}", "unexpected key \"zip\"")]
    [InlineData(AttributeType.Location, "{\"country_code\": \"DEU\"}", "two-letter country code like DE, got \"DEU\"")]
    [InlineData(AttributeType.Location, "{\"postcode\": 10115}", "expected \"postcode\" to be a string, got 10115")]
    [InlineData(AttributeType.Location, "true", "expected an address")]
    [InlineData(AttributeType.RecordReference, "\"not-a-uuid\"", "expected a record id")]
    [InlineData(AttributeType.RecordReference, "{\"target_object\": \"people\", \"target_record_id\": \"" + RecordId + "\"}", "this attribute references companies records, not people")]
    [InlineData(AttributeType.RecordReference, "{\"target_object\": \"companies\"}", "needs a \"target_record_id\" key")]
    [InlineData(AttributeType.RecordReference, "{\"target_object\": \"companies\", \"target_record_id\": 7}", "expected \"target_record_id\" to be a record id (uuid), got 7")]
    [InlineData(AttributeType.ActorReference, "{\"actor_type\": \"robot\", \"actor_id\": \"" + RecordId + "\"}", "expected \"actor_type\" to be member or api_key, got \"robot\"")]
    [InlineData(AttributeType.ActorReference, "{\"actor_type\": \"member\"}", "needs an \"actor_id\" key")]
    [InlineData(AttributeType.ActorReference, "\"nope\"", "expected a member id")]
    public void Rejected_inputs_explain_the_problem(AttributeType type, string written, string message)
    {
        var error = Assert.Throws<AttributeValueException>(() => Normalize(Of(type), written));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Text_is_limited_to_10000_characters_after_trimming()
    {
        var attribute = Of(AttributeType.Text);

        Assert.Equal(10_000, Normalize(attribute, $"\"  {new string('a', 10_000)}  \"").Stored!.GetValue<string>().Length);
        var error = Assert.Throws<AttributeValueException>(() => Normalize(attribute, $"\"{new string('a', 10_001)}\""));
        Assert.Equal("the text is 10001 characters long; at most 10000 are allowed", error.Message);
    }

    [Fact]
    public void Rejected_input_is_quoted_shortened()
    {
        var error = Assert.Throws<AttributeValueException>(() => Normalize(Of(AttributeType.Number), $"\"{new string('x', 500)}\""));

        Assert.Equal($"expected a number like 12.5, got \"{new string('x', 60)}…\"", error.Message);
    }

    /// <summary>
    /// Input is quoted as text, not as JSON: a value that reaches the codec with escapes ("\u002B", which is how the
    /// grain's JSON serializer re-encodes '+' and '&lt;') must read as the client typed it, not as "\u002B15551234567".
    /// </summary>
    [Theory]
    [InlineData(AttributeType.PhoneNumber, "\"\\u002B\\u002B15551234567\"", "got \"++15551234567\"")]
    [InlineData(AttributeType.EmailAddress, "\"Jane \\u003Cjane@example.com\\u003E\"", "got \"Jane <jane@example.com>\"")]
    [InlineData(AttributeType.Date, "\"\\u002B002024-01-01\"", "got \"+002024-01-01\"")]
    [InlineData(AttributeType.Number, "\"caf\\u00e9\"", "got \"café\"")]
    public void Rejected_input_is_quoted_as_the_text_it_encodes(AttributeType type, string written, string quoted)
    {
        var error = Assert.Throws<AttributeValueException>(() => Normalize(Of(type), written));

        Assert.EndsWith(quoted, error.Message);
    }

    [Fact]
    public void A_bare_currency_amount_takes_the_attribute_currency()
    {
        var euros = Of(AttributeType.Currency, config: new AttributeConfig(CurrencyCode: "EUR"));

        Assert.Equal("{\"amount\":250,\"currency\":\"EUR\"}", Stored(euros, "250"));
        Assert.Equal("{\"amount\":250,\"currency\":\"EUR\"}", Stored(euros, "{\"amount\": 250}"));
        Assert.Equal("{\"amount\":250,\"currency\":\"CHF\"}", Stored(euros, "{\"amount\": 250, \"currency\": \"chf\"}"));
    }

    [Fact]
    public void Rating_maximum_comes_from_the_attribute()
    {
        var tenStars = Of(AttributeType.Rating, config: new AttributeConfig(MaxRating: 10));

        Assert.Equal("10", Stored(tenStars, "10"));
        Assert.Contains("from 0 to 10", Assert.Throws<AttributeValueException>(() => Stored(tenStars, "11")).Message);
    }

    [Fact]
    public void A_reference_attribute_without_a_target_object_needs_one_in_the_value()
    {
        var anyObject = Of(AttributeType.RecordReference, config: AttributeConfig.Empty);

        Assert.Equal(
            "{\"target_object\":\"deals\",\"target_record_id\":\"" + RecordId + "\"}",
            Stored(anyObject, "{\"target_object\": \"deals\", \"target_record_id\": \"" + RecordId + "\"}"));
        Assert.Contains("\"target_object\" is required", Assert.Throws<AttributeValueException>(() => Stored(anyObject, "\"" + RecordId + "\"")).Message);
    }

    [Fact]
    public void An_attribute_without_active_options_says_so()
    {
        var attribute = Of(AttributeType.Select) with { Options = [Options[2]] };

        var error = Assert.Throws<AttributeValueException>(() => Stored(attribute, "\"Lead\""));

        Assert.Equal("unknown option 'Lead'; this attribute has no options to choose from", error.Message);
    }
}
