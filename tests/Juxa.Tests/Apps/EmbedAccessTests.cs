using Juxa.Api.Authentication;
using Juxa.Api.Authorization;
using Juxa.Apps;

namespace Juxa.Tests.Apps;

/// <summary>Which access levels an embed token passes, decided by <see cref="AccessHandler"/> alone (no host).</summary>
public sealed class EmbedAccessTests
{
    private static Caller Embed(params string[] scopes) =>
        new(CallerKind.Embed, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), ApiKeyId: null, SessionId: null, scopes, IsAdmin: false, IsPlatformOperator: false);

    [Fact]
    public void An_embed_token_with_every_app_scope_passes_only_crm_chat_osint_and_missions()
    {
        var everything = Embed(AppScopes.CrmRead, AppScopes.CrmWrite, AppScopes.Chat, AppScopes.OsintResearch);

        var allowed = Access.All.Where(a => AccessHandler.Allows(a, everything)).ToArray();

        Assert.Equal([Access.Read, Access.Write, Access.Assistant, Access.OsintResearch, Access.Missions], allowed);
    }

    [Fact]
    public void Key_scopes_admin_flags_and_the_star_give_an_embed_token_nothing()
    {
        var keyScopes = Embed("*", "integrations:read", "integrations:write", "integrations:assistant", "integrations:handoff") with { IsAdmin = true, IsPlatformOperator = true };

        Assert.DoesNotContain(Access.All, a => AccessHandler.Allows(a, keyScopes));
    }

    [Theory]
    [InlineData(AppScopes.CrmRead, "access:read")]
    [InlineData(AppScopes.CrmWrite, "access:read,access:write")]
    [InlineData(AppScopes.Chat, "access:assistant,access:missions")]
    [InlineData(AppScopes.OsintResearch, "access:osint-research")]
    public void Each_app_scope_grants_exactly_its_levels(string scope, string levels)
    {
        var allowed = Access.All.Where(a => AccessHandler.Allows(a, Embed(scope))).Select(a => a.Name);

        Assert.Equal(levels.Split(','), allowed);
    }

    [Fact]
    public void No_admin_or_session_only_level_names_an_embed_scope()
    {
        var privileged = new[] { Access.Admin, Access.Schema, Access.HandoffMint, Access.Session, Access.SessionAdmin, Access.Authenticated };

        Assert.All(privileged, a => Assert.Empty(a.EmbedScopes));
    }
}
