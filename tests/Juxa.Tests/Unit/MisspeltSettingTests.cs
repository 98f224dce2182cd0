using Juxa.Hosting;
using Microsoft.Extensions.Configuration;

namespace Juxa.Tests.Unit;

/// <summary>
/// The README's promise: a key under a <c>Juxa__…</c> section that is not a setting stops the start with one line naming
/// it. Every section counts, not only those bound to an options class: a misspelt <c>Juxa__Auth__AttemptsPerMinute</c>
/// that went unnoticed would leave sign-in throttling at its default while the operator believes it changed.
/// </summary>
public sealed class MisspeltSettingTests
{
    [Theory]
    [InlineData("Juxa:Auth:AttemptsPerMinut", "Juxa:Auth:AttemptsPerMinut (environment Juxa__Auth__AttemptsPerMinut) is not a setting: Juxa:Auth (environment Juxa__Auth) has AttemptsPerMinute.")]
    [InlineData("Juxa:Http:MaxRequestBodyByte", "Juxa:Http:MaxRequestBodyByte (environment Juxa__Http__MaxRequestBodyByte) is not a setting: Juxa:Http (environment Juxa__Http) has MaxRequestBodyBytes.")]
    [InlineData("Juxa:Realtime:CredentialCheckIntervall", "Juxa:Realtime:CredentialCheckIntervall (environment Juxa__Realtime__CredentialCheckIntervall) is not a setting: Juxa:Realtime (environment Juxa__Realtime) has CredentialCheckInterval, MaxConnectionsPerCredential.")]
    [InlineData("Juxa:Llm:Credits:PromptPer1000", "Juxa:Llm:Credits:PromptPer1000 (environment Juxa__Llm__Credits__PromptPer1000) is not a setting: Juxa:Llm:Credits (environment Juxa__Llm__Credits) has CompletionPer1k, Decimals, PromptPer1k.")]
    [InlineData("Juxa:Handof:Ttl", "Juxa:Handof (environment Juxa__Handof) is not a setting: Juxa has Apps, Auth, Chat, Handoff, Home, Http, Llm, Missions, Orleans, PublicBaseUrl, Realtime.")]
    [InlineData("Juxa:PublicBaseUri", "Juxa:PublicBaseUri (environment Juxa__PublicBaseUri) is not a setting: Juxa has Apps, Auth, Chat, Handoff, Home, Http, Llm, Missions, Orleans, PublicBaseUrl, Realtime.")]
    public void A_key_that_is_not_a_setting_is_named_with_what_its_section_has(string key, string expected)
    {
        var problems = SettingsValidator.Problems(Settings((key, "1")));

        Assert.Equal(expected, Assert.Single(problems));
    }

    [Fact]
    public void Every_setting_under_Juxa_is_known_whatever_its_case()
    {
        var problems = SettingsValidator.Problems(Settings(
            ("Juxa:Auth:AttemptsPerMinute", "5"), ("juxa:http:maxrequestbodybytes", "2048"),
            ("Juxa:Realtime:CredentialCheckInterval", "00:00:30"), ("Juxa:Realtime:MaxConnectionsPerCredential", "10"),
            ("Juxa:Llm:Credits:PromptPer1k", "1"), ("Juxa:Llm:Credits:CompletionPer1k", "4"), ("Juxa:Llm:Credits:Decimals", "2"),
            ("Juxa:PublicBaseUrl", "https://crm.example"), ("Juxa:Home", "/tmp/juxa"), ("Juxa:Handoff:Ttl", "00:05:00"),
            ("Juxa:Orleans:SiloPort", "11112")));

        Assert.Empty(problems);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?> { ["ConnectionStrings:Juxa"] = "Host=127.0.0.1;Port=5432;Database=juxa;Username=postgres" };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
