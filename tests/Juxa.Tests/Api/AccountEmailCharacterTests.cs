using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// The email of an account or an invitation is shown to other people (the member list, /auth/me) and is what they
/// recognize someone by. MailAddress takes control characters in a quoted local part, and invisible or reordering ones
/// anywhere: "admin@localhost\u202E" or "a\u200B@example.com" then read as someone else's address. No address needs
/// any of them (a record's email value already refuses control characters), so sign-up and invitations refuse them.
/// Before, each was stored.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AccountEmailCharacterTests(ApiFixture api)
{
    [Theory]
    [InlineData("\"a\u0001\"@example.com")]
    [InlineData("\"a\u001b[31m\"@example.com")]
    [InlineData("admin@localhost\u202E")]
    [InlineData("ev\u202Egpj.exe@example.com")]
    [InlineData("a\u200B@example.com")]
    [InlineData("a\u00AD@example.com")]
    [InlineData("user@exa\u2066mple.com")]
    [InlineData("x\u2028y@example.com")]
    public async Task An_email_with_a_control_or_invisible_character_is_refused_at_sign_up_and_invitation(string email)
    {
        var admin = await api.SignUpAsync();
        using var anonymous = api.Anonymous();

        var signUp = await anonymous.PostAsync("/api/v1/auth/signup", new { email, password = "correct horse battery", workspaceName = "W" });
        var invite = await admin.Session.PostAsync("/api/v1/workspace-members", new { email });

        var refused = await signUp.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("email must be a valid email address.", refused["details"]!["email"]![0]!.GetValue<string>());
        await invite.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Single((await admin.Session.GetOkAsync("/api/v1/workspace-members"))["members"]!.AsArray());
    }

    [Theory]
    [InlineData("élève@exämple.com")]
    [InlineData("\"john doe\"@example.com")]
    [InlineData("用户@例子.广告")]
    public async Task International_and_quoted_addresses_are_kept(string email)
    {
        using var anonymous = api.Anonymous();

        var signedUp = await anonymous.PostOkAsync("/api/v1/auth/signup", new { email, password = "correct horse battery", workspaceName = "W" });

        Assert.Equal(email, signedUp["user"]!["email"]!.GetValue<string>());
    }
}
