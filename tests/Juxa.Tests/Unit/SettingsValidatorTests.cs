using Juxa.Hosting;
using Microsoft.Extensions.Configuration;

namespace Juxa.Tests.Unit;

/// <summary>The settings check every Juxa process runs before it builds its host: each bad setting named in one sentence.</summary>
public sealed class SettingsValidatorTests
{
    private const string GoodConnection = "Host=127.0.0.1;Port=5432;Database=juxa;Username=postgres";

    [Fact]
    public void A_connection_string_and_defaults_are_valid()
    {
        var problems = SettingsValidator.Problems(Settings());

        Assert.Empty(problems);
    }

    [Fact]
    public void Every_documented_setting_accepts_a_good_value()
    {
        var problems = SettingsValidator.Problems(Settings(
            ("Juxa:Orleans:Mode", "Client"), ("Juxa:Orleans:SiloPort", "11112"), ("Juxa:Orleans:GatewayPort", "30001"),
            ("Juxa:Orleans:ListenOnAnyAddress", "true"), ("Juxa:Orleans:AdvertisedAddress", "silo-1"), ("Juxa:Orleans:MissedProbesLimit", "3"),
            ("API_KEY_RATE_LIMIT_PER_MINUTE", "0"), ("Juxa:Auth:AttemptsPerMinute", "20"), ("Juxa:Http:MaxRequestBodyBytes", "2097152"),
            ("Juxa:Realtime:CredentialCheckInterval", "00:00:30"), ("Juxa:Apps:PurgeGrace", "00:00:00"), ("Juxa:Llm:TimeoutSeconds", "30"),
            ("Juxa:Llm:Credits:PromptPer1k", "0.5"), ("Juxa:PublicBaseUrl", "https://crm.example"),
            ("JUXA_BOOTSTRAP_API_KEY", "oc_sk_0123456789abcdef0123456789abcdef")));

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("Juxa:Orleans:SiloPort", "abc", "Juxa:Orleans:SiloPort (environment Juxa__Orleans__SiloPort) must be a whole number, not 'abc'.")]
    [InlineData("Juxa:Orleans:Mode", "Clinet", "Juxa:Orleans:Mode (environment Juxa__Orleans__Mode) must be one of CoHosted, Client, not 'Clinet'.")]
    [InlineData("Juxa:Orleans:Dashboard", "yes", "Juxa:Orleans:Dashboard (environment Juxa__Orleans__Dashboard) must be true or false, not 'yes'.")]
    [InlineData("Juxa:Handoff:Ttl", "ten minutes", "Juxa:Handoff:Ttl (environment Juxa__Handoff__Ttl) must be a duration such as 00:01:00 (hh:mm:ss), not 'ten minutes'.")]
    [InlineData("API_KEY_RATE_LIMIT_PER_MINUTE", "lots", "API_KEY_RATE_LIMIT_PER_MINUTE must be a whole number, not 'lots'.")]
    [InlineData("API_KEY_RATE_LIMIT_PER_MINUTE", "-1", "API_KEY_RATE_LIMIT_PER_MINUTE must be at least 0, not '-1'.")]
    [InlineData("Juxa:Http:MaxRequestBodyBytes", "1MB", "Juxa:Http:MaxRequestBodyBytes (environment Juxa__Http__MaxRequestBodyBytes) must be a whole number, not '1MB'.")]
    [InlineData("Juxa:Realtime:CredentialCheckInterval", "00:00:00", "Juxa:Realtime:CredentialCheckInterval (environment Juxa__Realtime__CredentialCheckInterval) must be at least 00:00:00.0010000, not '00:00:00'.")]
    [InlineData("Juxa:Orleans:SiloPrt", "11112", "Juxa:Orleans:SiloPrt (environment Juxa__Orleans__SiloPrt) is not a setting")]
    [InlineData("JUXA_BOOTSTRAP_API_KEY", "too-short", "JUXA_BOOTSTRAP_API_KEY must start with 'oc_sk_' and be at least 32 characters long.")]
    [InlineData("Juxa:PublicBaseUrl", "crm.example", "Juxa:PublicBaseUrl (environment Juxa__PublicBaseUrl) must be an absolute http or https URL, not 'crm.example'.")]
    public void A_bad_value_is_named_with_what_the_setting_takes(string key, string value, string expected)
    {
        var problems = SettingsValidator.Problems(Settings((key, value)));

        var problem = Assert.Single(problems);
        Assert.StartsWith(expected, problem);
    }

    [Theory]
    [InlineData("Juxa:Orleans:GatewayPort", "0", "GatewayPort must be between 1 and 65535")]
    [InlineData("Juxa:Orleans:MissedProbesLimit", "0", "MissedProbesLimit must be between 1 and")]
    [InlineData("Juxa:Apps:PurgeInterval", "00:00:00", "PurgeInterval must be between")]
    [InlineData("Juxa:Missions:ReminderPeriod", "-00:01:00", "ReminderPeriod must be between")]
    [InlineData("Juxa:Chat:MaxMessageChars", "0", "MaxMessageChars must be between 1 and")]
    public void A_value_out_of_range_is_refused(string key, string value, string expected)
    {
        var problems = SettingsValidator.Problems(Settings((key, value)));

        var problem = Assert.Single(problems);
        Assert.StartsWith($"{key} (environment {key.Replace(":", "__")})", problem);
        Assert.Contains(expected, problem);
    }

    [Theory]
    [InlineData(null, "is not set")]
    [InlineData("Host=127.0.0.1;Prot=5432", "is not a valid PostgreSQL connection string")]
    [InlineData("garbage", "is not a valid PostgreSQL connection string")]
    public void A_missing_or_malformed_connection_string_is_refused(string? connectionString, string expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Juxa"] = connectionString })
            .Build();

        var problem = Assert.Single(SettingsValidator.Problems(configuration));

        Assert.StartsWith("ConnectionStrings:Juxa (environment ConnectionStrings__Juxa)", problem);
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void A_password_in_a_malformed_connection_string_is_not_repeated()
    {
        var problem = Assert.Single(SettingsValidator.Problems(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Juxa"] = "Host=db;Password=s3cret-value;Frobnicate=1" })
            .Build()));

        Assert.DoesNotContain("s3cret-value", problem);
    }

    [Fact]
    public void Every_bad_setting_is_reported_at_once()
    {
        var error = Assert.Throws<InvalidSettingsException>(() => SettingsValidator.ThrowIfInvalid(Settings(
            ("Juxa:Orleans:SiloPort", "abc"), ("Juxa:Orleans:Mode", "Clinet"), ("API_KEY_RATE_LIMIT_PER_MINUTE", "x"))));

        Assert.Equal(3, error.Problems.Count);
        Assert.Equal(3, error.Message.Split(Environment.NewLine).Length);
    }

    [Fact]
    public void An_advertised_name_that_does_not_resolve_is_reported_as_the_setting()
    {
        var options = new JuxaOrleansOptions { AdvertisedAddress = "no-such-host.invalid" };

        var error = Assert.Throws<InvalidSettingsException>(() => options.AdvertisedIPAddress());

        Assert.StartsWith("Juxa:Orleans:AdvertisedAddress (environment Juxa__Orleans__AdvertisedAddress): 'no-such-host.invalid' cannot be resolved", error.Message);
        Assert.Equal(error.Message, StartupFailure.Explain(new AggregateException(error)));
    }

    private static IConfiguration Settings(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?> { ["ConnectionStrings:Juxa"] = GoodConnection };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
