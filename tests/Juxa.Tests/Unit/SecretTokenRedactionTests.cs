using Juxa.Security;

namespace Juxa.Tests.Unit;

/// <summary>
/// <see cref="SecretTokens.Redact"/>, what logs and traces get instead of our tokens: each kind cut to its prefix where
/// clients put it (a path segment, a query value, a header or JSON), the text around it kept, other text untouched.
/// </summary>
public sealed class SecretTokenRedactionTests
{
    [Theory]
    [InlineData("POST /api/v1/integrations/juxa-docs-handoff/oc_handoff_Zl47t1uGdTX1ZcQoMe6mpps1fuWtiR4FR5lWuAJezIk/consume",
        "POST /api/v1/integrations/juxa-docs-handoff/oc_handoff_[redacted]/consume")]
    [InlineData("/hubs/notifications/negotiate?negotiateVersion=1&access_token=oc_sk_AFCGesZauuXk6e7_inzpHJpByqz0BH_MVOdZKr7sIiI&x=1",
        "/hubs/notifications/negotiate?negotiateVersion=1&access_token=oc_sk_[redacted]&x=1")]
    [InlineData("access_token=oc_embed_a-b_c", "access_token=oc_embed_[redacted]")]
    [InlineData("Cookie: juxa_session=oc_sess_J9ohtUk-OwQ; other=1", "Cookie: juxa_session=oc_sess_[redacted]; other=1")]
    [InlineData("{\"invitationToken\":\"oc_inv_sqvqziiGE0XBz51\"}", "{\"invitationToken\":\"oc_inv_[redacted]\"}")]
    [InlineData("oc_sk_test_bootstrap_admin_key_0123456789abcdef and oc_sk_%2Bencoded%3D", "oc_sk_[redacted] and oc_sk_[redacted]")]
    public void Tokens_are_cut_to_their_prefix(string text, string redacted)
    {
        Assert.True(SecretTokens.ContainsToken(text));
        Assert.Equal(redacted, SecretTokens.Redact(text));
    }

    [Theory]
    [InlineData("GET /api/v1/objects/people/records")]
    [InlineData("oc_sk_ alone, oc_other_x, poc_sk")]
    [InlineData("")]
    public void Other_text_is_left_alone(string text)
    {
        Assert.False(SecretTokens.ContainsToken(text));
        Assert.Same(text, SecretTokens.Redact(text));
    }
}
