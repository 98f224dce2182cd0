using Juxa.Hosting;
using Microsoft.Extensions.Configuration;

namespace Juxa.Tests.Unit;

/// <summary>
/// The first admin's login (JUXA_BOOTSTRAP_EMAIL / JUXA_BOOTSTRAP_PASSWORD) follows the sign-up rules, checked before the
/// start like every other setting (README, Configuration): a password sign-up would refuse, or an email that is not one,
/// stops the process with one line, instead of becoming the platform operator's login.
/// </summary>
public sealed class BootstrapLoginSettingTests
{
    [Theory]
    [InlineData("JUXA_BOOTSTRAP_PASSWORD", "short", "JUXA_BOOTSTRAP_PASSWORD must be 8 to 256 characters, as any password (it is the first admin's).")]
    [InlineData("JUXA_BOOTSTRAP_EMAIL", "admin", "JUXA_BOOTSTRAP_EMAIL must be an email address, not 'admin'.")]
    public void A_login_sign_up_would_refuse_is_named(string key, string value, string expected)
    {
        var problems = SettingsValidator.Problems(Settings((key, value)));

        Assert.Equal(expected, Assert.Single(problems));
    }

    [Fact]
    public void A_password_in_range_and_an_email_are_accepted_and_unset_is_fine()
    {
        Assert.Empty(SettingsValidator.Problems(Settings(("JUXA_BOOTSTRAP_EMAIL", "ops@example.com"), ("JUXA_BOOTSTRAP_PASSWORD", "correct horse battery"))));
        Assert.Empty(SettingsValidator.Problems(Settings()));
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
