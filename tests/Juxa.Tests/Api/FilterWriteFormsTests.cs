using System.Net;
using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// A value a client can write is a filter value of the same attribute with the same meaning (docs/query.md): each
/// write form of docs/values.md is written to a record, then used as the filter value, and the record must be exactly
/// where the stored value puts it (equals and gte/lte find it; not_equals, gt and lt do not).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FilterWriteFormsTests(ApiFixture api)
{
    private const string Ordered = "ordered";

    [Theory]
    [InlineData("text", "{}", "\"Acme\"", "{\"value\": \"Acme\"}", "\"  Acme  \"")]
    [InlineData("number", "{}", Ordered, "12.5", "1e3", "\"12.50\"", "\"12\"", "{\"value\": 12.5}", "{\"value\": \"7\"}", "-0.0")]
    [InlineData("currency", "{\"config\": {\"currencyCode\": \"USD\"}}", Ordered,
        "10000", "\"10000\"", "{\"amount\": 10000, \"currency\": \"eur\"}", "{\"currency_value\": \"250.50\", \"currency_code\": \"GBP\"}", "{\"amount\": 99}")]
    [InlineData("checkbox", "{}", "true", "false", "\"TRUE\"", "\"false\"", "{\"value\": true}")]
    [InlineData("date", "{}", Ordered,
        "\"2026-01-31\"", "\"2026-01-31T23:30:00-02:00\"", "\"2026-01-31T10:00\"", "\"2026-01-31T10:00:00\"", "{\"value\": \"2026-03-01\"}")]
    [InlineData("timestamp", "{}", Ordered,
        "\"2024-01-01T10:00:00.123456789Z\"", "\"2026-01-31T10:00:00Z\"", "\"2026-01-31T10:00:00.123+01:00\"", "\"2026-01-31T10:00+0100\"",
        "\"2026-01-31 10:00:00.9999Z\"", "\"2026-01-31\"", "{\"value\": \"2026-02-01T00:00:00-05:00\"}")]
    [InlineData("rating", "{\"config\": {\"maxRating\": 5}}", Ordered, "4", "4.0", "\"4\"", "{\"value\": 2}", "{\"value\": \"0\"}")]
    [InlineData("select", "{\"options\": [\"Lead\", \"Customer\"]}", "\"Lead\"", "\"customer\"", "\"{option}\"", "{\"option\": \"Lead\"}", "{\"id\": \"{option}\", \"title\": \"whatever\"}")]
    [InlineData("status", "{\"statuses\": [\"Open\", \"Closed\"]}", "\"Open\"", "\"closed\"", "{\"status\": \"Open\"}", "{\"id\": \"{option}\"}")]
    [InlineData("email-address", "{}", "\"Jane@Example.com\"", "{\"email_address\": \" jane@example.com \"}")]
    [InlineData("email-address", "{\"isMultiselect\": true}", "\"Ada@Example.com\"", "[\"ada@example.com\"]", "{\"email_address\": \"ADA@example.com\"}")]
    [InlineData("phone-number", "{}", "\"+1 (555) 123-4567\"", "{\"phone_number\": \"+1 555 123 4567\"}", "{\"original_phone_number\": \"+1.555.123.4567\", \"country_code\": \"US\"}")]
    [InlineData("domain", "{}", "\"https://www.Example.com/path?x=1\"", "\"shop.example.co.uk:8080\"", "{\"domain\": \"example.com\"}", "\"bücher.de\"")]
    [InlineData("personal-name", "{}",
        "{\"first_name\": \"Jane\", \"last_name\": \"Doe\"}", "{\"full_name\": \"Jane Doe\"}", "\"Mary Ann Smith\"", "\"Jane   Doe\"", "{\"first_name\": \"Cher\"}")]
    [InlineData("location", "{}", "{\"city\": \"Berlin\", \"country_code\": \"de\"}", "\"1 Main St\"", "{\"line_1\": \"1 Main St\", \"postcode\": \"10115\"}")]
    [InlineData("record-reference", "{\"config\": {\"targetObject\": \"companies\"}}",
        "\"{company}\"", "{\"target_record_id\": \"{company}\"}", "{\"target_object\": \"companies\", \"target_record_id\": \"{company}\"}")]
    [InlineData("actor-reference", "{}", "\"{member}\"", "{\"actor_id\": \"{member}\"}", "{\"actor_type\": \"member\", \"actor_id\": \"{member}\"}")]
    public async Task Every_write_form_filters_as_the_value_it_writes(string type, string attributeJson, params string[] forms)
    {
        var user = await api.SignUpAsync();
        var ordered = forms.Length > 0 && forms[0] == Ordered;
        forms = ordered ? forms[1..] : forms;
        var attribute = JsonNode.Parse(attributeJson)!.AsObject();
        attribute["slug"] = "v";
        attribute["title"] = "V";
        attribute["type"] = type;
        var created = await user.Session.PostOkAsync("/api/v1/objects/companies/attributes", attribute);
        await user.Session.PostOkAsync("/api/v1/objects/companies/attributes", new { slug = "tag", title = "Tag", type = "text" });
        var option = created["options"]?.AsArray().FirstOrDefault()?["id"]?.GetValue<string>()
            ?? created["statuses"]?.AsArray().FirstOrDefault()?["id"]?.GetValue<string>() ?? "";
        var company = (await user.Session.PostOkAsync("/api/v1/objects/companies/records", new { values = new { name = "Target" } }))["id"]!.GetValue<string>();
        string Fill(string form) => form.Replace("{option}", option).Replace("{company}", company).Replace("{member}", user.MemberId.ToString());

        var operators = ordered ? new[] { ("equals", 1), ("not_equals", 0), ("gte", 1), ("lte", 1), ("gt", 0), ("lt", 0) } : [("equals", 1), ("not_equals", 0)];
        var failures = new List<string>();
        for (var i = 0; i < forms.Length; i++)
        {
            var value = JsonNode.Parse(Fill(forms[i]));
            var tag = $"form-{i}";
            var write = await user.Session.PostAsync("/api/v1/objects/companies/records", new JsonObject { ["values"] = new JsonObject { ["tag"] = tag, ["v"] = value!.DeepClone() } });
            if (write.StatusCode != HttpStatusCode.Created)
            {
                failures.Add($"write {forms[i]}: {(int)write.StatusCode} {await write.Content.ReadAsStringAsync()}");
                continue;
            }

            foreach (var (op, expected) in operators)
            {
                var filter = new JsonObject
                {
                    ["operator"] = "and",
                    ["conditions"] = new JsonArray(
                        new JsonObject { ["attribute"] = "tag", ["operator"] = "equals", ["value"] = tag },
                        new JsonObject { ["attribute"] = "v", ["operator"] = op, ["value"] = value.DeepClone() }),
                };
                var response = await user.Session.PostAsync("/api/v1/objects/companies/records/query", new JsonObject { ["filter"] = filter });
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{op} {forms[i]}: {(int)response.StatusCode} {body}");
                    continue;
                }

                var found = JsonNode.Parse(body)!["data"]!["records"]!.AsArray().Count;
                if (found != expected)
                {
                    failures.Add($"{op} {forms[i]}: found {found} records, expected {expected}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("number", "{}", "equals", "\"12abc\"", "a number")]
    [InlineData("number", "{}", "gt", "\"1,000\"", "a number")]
    [InlineData("rating", "{}", "gte", "true", "a number")]
    [InlineData("date", "{}", "equals", "\"31/01/2026\"", "a date")]
    [InlineData("timestamp", "{}", "lt", "\"yesterday\"", "a timestamp")]
    [InlineData("checkbox", "{}", "equals", "\"yes\"", "true or false")]
    [InlineData("text", "{}", "equals", "{\"valeu\": \"x\"}", "unexpected key")]
    [InlineData("text", "{}", "equals", "[\"a\", \"b\"]", "one value")]
    [InlineData("text", "{}", "not_equals", "\"  \"", "is_empty")]
    [InlineData("currency", "{}", "equals", "{\"amount\": 1, \"currency\": \"EURO\"}", "currency code")]
    public async Task A_filter_value_no_write_form_accepts_is_a_400_at_its_path(string type, string attributeJson, string op, string valueJson, string expected)
    {
        var user = await api.SignUpAsync();
        var attribute = JsonNode.Parse(attributeJson)!.AsObject();
        attribute["slug"] = "v";
        attribute["title"] = "V";
        attribute["type"] = type;
        await user.Session.PostOkAsync("/api/v1/objects/companies/attributes", attribute);
        var filter = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["attribute"] = "v", ["operator"] = op, ["value"] = JsonNode.Parse(valueJson) }) };

        var response = await user.Session.PostAsync("/api/v1/objects/companies/records/query", new JsonObject { ["filter"] = filter });

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["filter.conditions[0].value"], error["details"]!.AsObject().Select(d => d.Key));
        Assert.Contains(expected, error["message"]!.GetValue<string>());
    }
}
