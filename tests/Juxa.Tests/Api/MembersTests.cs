using System.Net;
using Juxa.Errors;
using Juxa.Identity;
using Juxa.Records;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class MembersTests(ApiFixture api)
{
    private const string Members = "/api/v1/workspace-members";

    [Fact]
    public async Task A_new_workspace_lists_its_admin_as_the_only_member()
    {
        var admin = await api.SignUpAsync();

        var page = await admin.Session.GetOkAsync(Members);

        var member = Assert.Single(page["members"]!.AsArray())!;
        Assert.Equal(admin.MemberId, member["id"]!.GetValue<Guid>());
        Assert.Equal(admin.UserId, member["userId"]!.GetValue<Guid>());
        Assert.Equal(admin.Email, member["email"]!.GetValue<string>());
        Assert.Equal("Test User", member["name"]!.GetValue<string>());
        Assert.Equal("admin", member["role"]!.GetValue<string>());
        Assert.Equal("active", member["status"]!.GetValue<string>());
        Assert.NotNull(member["createdAt"]);
        Assert.Null(member["invitedAt"]);
        Assert.Equal(1, page["pagination"]!["total"]!.GetValue<int>());
        Assert.Equal(50, page["pagination"]!["limit"]!.GetValue<int>());
    }

    [Fact]
    public async Task Adding_an_email_answers_alike_whether_or_not_it_has_an_account()
    {
        // A direct add of an existing account answered "active" with its user id and name, and an unknown email
        // "pending": an admin could probe any address for an account and learn its owner's name.
        var admin = await api.SignUpAsync();
        var existing = await api.SignUpAsync();
        var unknownEmail = $"user-{Guid.NewGuid():N}@example.com";

        var forExisting = await admin.Session.PostAsync(Members, new { email = existing.Email, role = "admin" });
        var forUnknown = await admin.Session.PostAsync(Members, new { email = unknownEmail, role = "admin" });
        var existingMe = await existing.Session.GetOkAsync("/api/v1/auth/me");

        var existingBody = await JuxaClient.DataAsync(forExisting, HttpStatusCode.Created);
        var unknownBody = await JuxaClient.DataAsync(forUnknown, HttpStatusCode.Created);
        // The same fields, with the same values apart from the id, the email, the times and the token.
        Assert.Equal(unknownBody.AsObject().Select(f => f.Key).Order(), existingBody.AsObject().Select(f => f.Key).Order());
        foreach (var body in new[] { existingBody, unknownBody })
        {
            Assert.Equal("pending", body["status"]!.GetValue<string>());
            Assert.Equal("admin", body["role"]!.GetValue<string>());
            Assert.Null(body["userId"]);
            Assert.Null(body["name"]);
            Assert.StartsWith("oc_inv_", body["invitationToken"]!.GetValue<string>());
        }

        Assert.Equal(existing.Email, existingBody["email"]!.GetValue<string>());
        Assert.Equal($"/api/v1/workspace-members/{existingBody["id"]}", forExisting.Headers.Location?.OriginalString);
        // Nobody joined a workspace they did not accept, and nothing told them.
        Assert.DoesNotContain(existingMe["workspaces"]!.AsArray(), w => w!["id"]!.GetValue<Guid>() == admin.WorkspaceId);
        Assert.Empty((await existing.Session.GetOkAsync("/api/v1/notifications"))["notifications"]!.AsArray());
    }

    [Fact]
    public async Task An_invited_user_who_accepts_is_a_member_who_can_switch_to_the_workspace()
    {
        var admin = await api.SignUpAsync("Added Workspace");
        var other = await api.SignUpAsync();

        var invitation = await admin.Session.PostOkAsync(Members, new { email = other.Email.ToUpperInvariant() });
        var joined = await other.Session.PostOkAsync("/api/v1/auth/accept-invitation", new { invitationToken = invitation["invitationToken"]!.GetValue<string>() });
        var memberId = joined["memberId"]!.GetValue<Guid>();
        var switched = await other.Session.PostOkAsync("/api/v1/auth/workspace", new { workspaceId = admin.WorkspaceId });
        var me = await other.Session.GetOkAsync("/api/v1/auth/me");
        var member = Assert.Single((await admin.Session.GetOkAsync(Members))["members"]!.AsArray(), m => m!["id"]!.GetValue<Guid>() == memberId)!;

        Assert.Equal("active", member["status"]!.GetValue<string>());
        Assert.Equal("member", member["role"]!.GetValue<string>());
        Assert.Equal(other.UserId, member["userId"]!.GetValue<Guid>());
        Assert.Equal(other.Email, member["email"]!.GetValue<string>());
        Assert.Equal(admin.WorkspaceId, switched["workspace"]!["id"]!.GetValue<Guid>());
        Assert.Equal(memberId, switched["memberId"]!.GetValue<Guid>());
        Assert.Equal("member", switched["role"]!.GetValue<string>());
        Assert.Equal(other.UserId, switched["user"]!["id"]!.GetValue<Guid>());
        Assert.NotNull(switched["expiresAt"]);
        Assert.Equal(admin.WorkspaceId, me["workspace"]!["id"]!.GetValue<Guid>());
        Assert.Equal(memberId, me["member"]!["id"]!.GetValue<Guid>());
        Assert.Equal(
            new[] { other.WorkspaceId, admin.WorkspaceId }.Order(),
            me["workspaces"]!.AsArray().Select(w => w!["id"]!.GetValue<Guid>()).Order());
        var (kind, title, workspaceId) = Assert.Single(await NotificationsAsync(memberId));
        Assert.Equal("added_to_workspace", kind);
        Assert.Equal("You were added to Added Workspace", title);
        Assert.Equal(admin.WorkspaceId, workspaceId);
    }

    [Fact]
    public async Task A_switched_session_can_switch_back()
    {
        var admin = await api.SignUpAsync();
        var other = await api.SignUpAsync();
        await JoinAsync(admin, other);
        await other.Session.PostOkAsync("/api/v1/auth/workspace", new { workspaceId = admin.WorkspaceId });

        var back = await other.Session.PostOkAsync("/api/v1/auth/workspace", new { workspaceId = other.WorkspaceId });
        var me = await other.Session.GetOkAsync("/api/v1/auth/me");

        Assert.Equal(other.MemberId, back["memberId"]!.GetValue<Guid>());
        Assert.Equal("admin", back["role"]!.GetValue<string>());
        Assert.Equal(other.WorkspaceId, me["workspace"]!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Inviting_a_member_or_a_pending_invitee_again_is_a_conflict()
    {
        var admin = await api.SignUpAsync();
        var other = await api.SignUpAsync();
        var invitee = await api.SignUpAsync();
        await JoinAsync(admin, other);
        await admin.Session.PostOkAsync(Members, new { email = invitee.Email });

        var member = await admin.Session.PostAsync(Members, new { email = other.Email.ToUpperInvariant(), role = "admin" });
        var pending = await admin.Session.PostAsync(Members, new { email = invitee.Email, role = "admin" });

        var error = await member.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.Contains("already a member", error["message"]!.GetValue<string>());
        await pending.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task Inviting_an_unknown_email_is_pending_until_that_email_signs_up_with_the_token()
    {
        var admin = await api.SignUpAsync("Inviting Workspace");
        var email = $"Invitee-{Guid.NewGuid():N}@Example.com";

        var invited = await admin.Session.PostAsync(Members, new { email, role = "admin" });
        var invitation = await JuxaClient.DataAsync(invited, HttpStatusCode.Created);
        var duplicate = await admin.Session.PostAsync(Members, new { email = email.ToLowerInvariant() });
        var pendingList = await admin.Session.GetOkAsync(Members);

        Assert.Equal("pending", invitation["status"]!.GetValue<string>());
        Assert.Equal("admin", invitation["role"]!.GetValue<string>());
        Assert.Equal(email, invitation["email"]!.GetValue<string>());
        Assert.NotNull(invitation["invitedAt"]);
        Assert.Null(invitation["userId"]);
        Assert.Null(invitation["createdAt"]);
        var token = invitation["invitationToken"]!.GetValue<string>();
        Assert.StartsWith("oc_inv_", token);
        await duplicate.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.Equal(["active", "pending"], pendingList["members"]!.AsArray().Select(m => m!["status"]!.GetValue<string>()));
        Assert.Equal(2, pendingList["pagination"]!["total"]!.GetValue<int>());
        // The token is shown once: the list never carries it.
        Assert.DoesNotContain(token, pendingList.ToJsonString());

        using var invitee = api.Anonymous();
        var signup = await invitee.PostOkAsync("/api/v1/auth/signup",
            new { email = email.ToLowerInvariant(), password = "correct horse battery", name = "Invitee", workspaceName = "Invitee's own", invitationToken = token });
        var after = await admin.Session.GetOkAsync(Members);
        var me = await invitee.GetOkAsync("/api/v1/auth/me");

        // The user still gets a workspace of their own, and the session starts there.
        Assert.Equal("Invitee's own", signup["workspace"]!["name"]!.GetValue<string>());
        Assert.Equal(signup["workspace"]!["id"]!.GetValue<Guid>(), me["workspace"]!["id"]!.GetValue<Guid>());
        var joined = Assert.Single(me["workspaces"]!.AsArray(), w => w!["id"]!.GetValue<Guid>() == admin.WorkspaceId)!;
        Assert.Equal("admin", joined["role"]!.GetValue<string>());
        var entries = after["members"]!.AsArray();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal("active", e!["status"]!.GetValue<string>()));
        var member = Assert.Single(entries, e => e!["userId"]?.GetValue<Guid>() == signup["user"]!["id"]!.GetValue<Guid>())!;
        Assert.Equal("admin", member["role"]!.GetValue<string>());
        Assert.Equal("Invitee", member["name"]!.GetValue<string>());
        var (kind, title, _) = Assert.Single(await NotificationsAsync(member["id"]!.GetValue<Guid>()));
        Assert.Equal("added_to_workspace", kind);
        Assert.Equal("You were added to Inviting Workspace", title);
    }

    [Fact]
    public async Task Signing_up_with_an_invited_email_but_without_its_token_joins_nothing()
    {
        // Nothing verifies that whoever signs up owns the email, so the email alone must not open the workspace.
        var admin = await api.SignUpAsync();
        var email = $"target-{Guid.NewGuid():N}@example.com";
        var invitation = await admin.Session.PostOkAsync(Members, new { email, role = "admin" });

        using var impostor = api.Anonymous();
        await impostor.PostOkAsync("/api/v1/auth/signup", new { email, password = "correct horse battery", workspaceName = "Impostor" });
        var me = await impostor.GetOkAsync("/api/v1/auth/me");
        using var again = api.Anonymous();
        var login = await again.PostOkAsync("/api/v1/auth/login", new { email, password = "correct horse battery" });
        var list = await admin.Session.GetOkAsync(Members);

        Assert.DoesNotContain(me["workspaces"]!.AsArray(), w => w!["id"]!.GetValue<Guid>() == admin.WorkspaceId);
        Assert.NotEqual(admin.WorkspaceId, login["workspace"]!["id"]!.GetValue<Guid>());
        var pending = Assert.Single(list["members"]!.AsArray(), m => m!["status"]!.GetValue<string>() == "pending")!;
        Assert.Equal(invitation["id"]!.GetValue<Guid>(), pending["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task A_token_that_accepts_nothing_is_400_and_the_sign_up_creates_nothing()
    {
        var admin = await api.SignUpAsync();
        var invited = $"invited-{Guid.NewGuid():N}@example.com";
        var token = (await admin.Session.PostOkAsync(Members, new { email = invited }))["invitationToken"]!.GetValue<string>();
        var otherEmail = $"other-{Guid.NewGuid():N}@example.com";

        using var anonymous = api.Anonymous();
        var forgedToken = await anonymous.PostAsync("/api/v1/auth/signup",
            new { email = invited, password = "correct horse battery", workspaceName = "W", invitationToken = "oc_inv_" + new string('x', 43) });
        var wrongEmail = await anonymous.PostAsync("/api/v1/auth/signup",
            new { email = otherEmail, password = "correct horse battery", workspaceName = "W", invitationToken = token });
        var noLogin = await anonymous.PostAsync("/api/v1/auth/login", new { email = otherEmail, password = "correct horse battery" });

        Assert.NotNull((await forgedToken.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"))["details"]?["invitationToken"]);
        Assert.NotNull((await wrongEmail.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"))["details"]?["invitationToken"]);
        // Both sign-ups rolled back: no account exists, and the invitation is still pending for its own email.
        await noLogin.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        var accepted = await anonymous.PostOkAsync("/api/v1/auth/signup",
            new { email = invited, password = "correct horse battery", workspaceName = "W", invitationToken = token });
        Assert.NotNull(accepted["user"]);
    }

    [Fact]
    public async Task An_existing_user_accepts_at_login_or_signed_in_and_a_token_works_once()
    {
        var admin = await api.SignUpAsync("Invites Existing Users");
        var other = await api.SignUpAsync();
        var third = await api.SignUpAsync();
        var loginToken = (await admin.Session.PostOkAsync(Members, new { email = other.Email.ToUpperInvariant() }))["invitationToken"]!.GetValue<string>();
        var sessionToken = (await admin.Session.PostOkAsync(Members, new { email = third.Email }))["invitationToken"]!.GetValue<string>();

        using var fresh = api.Anonymous();
        var login = await fresh.PostOkAsync("/api/v1/auth/login", new { email = other.Email, password = other.Password, invitationToken = loginToken });
        var joined = await third.Session.PostOkAsync("/api/v1/auth/accept-invitation", new { invitationToken = sessionToken });
        var replay = await third.Session.PostAsync("/api/v1/auth/accept-invitation", new { invitationToken = sessionToken });
        var othersToken = await third.Session.PostAsync("/api/v1/auth/accept-invitation", new { invitationToken = loginToken });
        var list = await admin.Session.GetOkAsync(Members);

        // Logging in with a token starts the session in the workspace it joins.
        Assert.Equal(admin.WorkspaceId, login["workspace"]!["id"]!.GetValue<Guid>());
        Assert.Equal("member", login["role"]!.GetValue<string>());
        Assert.Equal(admin.WorkspaceId, joined["id"]!.GetValue<Guid>());
        Assert.Equal("Invites Existing Users", joined["name"]!.GetValue<string>());
        Assert.Equal("member", joined["role"]!.GetValue<string>());
        Assert.NotNull((await replay.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"))["details"]?["invitationToken"]);
        Assert.NotNull((await othersToken.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"))["details"]?["invitationToken"]);
        Assert.All(list["members"]!.AsArray(), m => Assert.Equal("active", m!["status"]!.GetValue<string>()));
        foreach (var user in new[] { other, third })
        {
            var member = Assert.Single(list["members"]!.AsArray(), m => m!["userId"]?.GetValue<Guid>() == user.UserId)!;
            Assert.Single(await NotificationsAsync(member["id"]!.GetValue<Guid>()));
        }
    }

    [Fact]
    public async Task An_expired_invitation_accepts_nothing_and_inviting_again_sends_a_new_token()
    {
        var admin = await api.SignUpAsync();
        var email = $"late-{Guid.NewGuid():N}@example.com";
        var first = await admin.Session.PostOkAsync(Members, new { email });
        Assert.True(first["expiresAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddDays(13));
        await using (var db = api.Database.CreateDataSource())
        await using (var expire = db.CreateCommand("UPDATE workspace_invitations SET expires_at = now() - interval '1 second' WHERE id = $1"))
        {
            expire.Parameters.AddWithValue(first["id"]!.GetValue<Guid>());
            await expire.ExecuteNonQueryAsync();
        }

        var listed = Assert.Single((await admin.Session.GetOkAsync(Members))["members"]!.AsArray(), m => m!["email"]!.GetValue<string>() == email)!;
        using var invitee = api.Anonymous();
        var tooLate = await invitee.PostAsync("/api/v1/auth/signup",
            new { email, password = "correct horse battery", workspaceName = "Late", invitationToken = first["invitationToken"]!.GetValue<string>() });
        var second = await JuxaClient.DataAsync(await admin.Session.PostAsync(Members, new { email, role = "admin" }), HttpStatusCode.Created);
        var oldTokenAgain = await invitee.PostAsync("/api/v1/auth/signup",
            new { email, password = "correct horse battery", workspaceName = "Late", invitationToken = first["invitationToken"]!.GetValue<string>() });
        var joined = await invitee.PostOkAsync("/api/v1/auth/signup",
            new { email, password = "correct horse battery", workspaceName = "Late", invitationToken = second["invitationToken"]!.GetValue<string>() });

        Assert.Equal("expired", listed["status"]!.GetValue<string>());
        Assert.NotNull(listed["expiresAt"]);
        Assert.NotNull((await tooLate.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"))["details"]?["invitationToken"]);
        Assert.Equal(first["id"]!.GetValue<Guid>(), second["id"]!.GetValue<Guid>());
        Assert.Equal("pending", second["status"]!.GetValue<string>());
        Assert.Equal("admin", second["role"]!.GetValue<string>());
        Assert.NotEqual(first["invitationToken"]!.GetValue<string>(), second["invitationToken"]!.GetValue<string>());
        Assert.NotNull((await oldTokenAgain.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"))["details"]?["invitationToken"]);
        var me = await invitee.GetOkAsync("/api/v1/auth/me");
        Assert.Equal("admin", Assert.Single(me["workspaces"]!.AsArray(), w => w!["id"]!.GetValue<Guid>() == admin.WorkspaceId)!["role"]!.GetValue<string>());
        Assert.NotNull(joined["user"]);
    }

    [Fact]
    public async Task A_pending_invitation_can_be_re_roled_and_deleted_by_its_id()
    {
        var admin = await api.SignUpAsync();
        var invitation = await admin.Session.PostOkAsync(Members, new { email = $"later-{Guid.NewGuid():N}@example.com" });
        var id = invitation["id"]!.GetValue<Guid>();

        var patched = await admin.Session.PatchOkAsync($"{Members}/{id}", new { role = "admin" });
        var deleted = await JuxaClient.DataAsync(await admin.Session.DeleteAsync($"{Members}/{id}"), HttpStatusCode.OK);
        var list = await admin.Session.GetOkAsync(Members);
        var again = await admin.Session.DeleteAsync($"{Members}/{id}");

        Assert.Equal("admin", patched["role"]!.GetValue<string>());
        Assert.Equal("pending", patched["status"]!.GetValue<string>());
        Assert.Equal(id, deleted["id"]!.GetValue<Guid>());
        Assert.Equal("pending", deleted["status"]!.GetValue<string>());
        Assert.True(deleted["removed"]!.GetValue<bool>());
        Assert.Single(list["members"]!.AsArray());
        await again.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task An_admin_can_change_a_members_role()
    {
        var admin = await api.SignUpAsync();
        var other = await api.SignUpAsync();
        var id = await JoinAsync(admin, other);

        var promoted = await admin.Session.PatchOkAsync($"{Members}/{id}", new { role = "admin" });
        var list = await admin.Session.GetOkAsync(Members);

        Assert.Equal("admin", promoted["role"]!.GetValue<string>());
        Assert.Equal(id, promoted["id"]!.GetValue<Guid>());
        Assert.Equal("admin", list["members"]!.AsArray().Single(m => m!["id"]!.GetValue<Guid>() == id)!["role"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null)] // limited: the key's grain answers every request, from metadata it had read before the demotion
    [InlineData(0)] // unlimited: this host also reuses the grain's earlier decision
    public async Task Demoting_an_admin_takes_admin_and_schema_access_from_their_keys_at_once(int? rateLimitPerMinute)
    {
        var admin = await api.SignUpAsync();
        var other = await api.SignUpAsync();
        var memberId = await JoinAsync(admin, other, "admin");
        await other.Session.PostOkAsync("/api/v1/auth/workspace", new { workspaceId = admin.WorkspaceId });
        var (token, _) = await other.CreateKeyAsync(rateLimitPerMinute: rateLimitPerMinute);
        using var key = api.WithKey(token);
        await key.GetOkAsync("/api/v1/api-keys");

        await admin.Session.PatchOkAsync($"{Members}/{memberId}", new { role = "member" });
        // Were the old role still trusted, the demoted admin could promote themselves back with their key.
        var repromote = await key.PatchAsync($"{Members}/{memberId}", new { role = "admin" });
        var keys = await key.GetAsync("/api/v1/api-keys");
        var schema = await key.PostAsync("/api/v1/objects", new { slug = "projects", singularName = "Project", pluralName = "Projects" });
        var read = await key.GetOkAsync("/api/v1/workspace");
        var write = await key.PostAsync("/api/v1/objects/people/records", new { values = new { name = "Still writes records" } });
        var list = await admin.Session.GetOkAsync(Members);

        await repromote.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await keys.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await schema.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(HttpStatusCode.Created, write.StatusCode);
        Assert.Equal(admin.WorkspaceId, read["id"]!.GetValue<Guid>());
        Assert.Equal("member", list["members"]!.AsArray().Single(m => m!["id"]!.GetValue<Guid>() == memberId)!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_plain_member_cannot_manage_members_but_can_list_them()
    {
        var admin = await api.SignUpAsync();
        var other = await api.SignUpAsync();
        await JoinAsync(admin, other);
        await other.Session.PostOkAsync("/api/v1/auth/workspace", new { workspaceId = admin.WorkspaceId });

        var list = await other.Session.GetOkAsync(Members);
        var add = await other.Session.PostAsync(Members, new { email = $"x-{Guid.NewGuid():N}@example.com" });
        var demote = await other.Session.PatchAsync($"{Members}/{admin.MemberId}", new { role = "member" });

        Assert.Equal(2, list["members"]!.AsArray().Count);
        await add.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await demote.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Theory]
    [InlineData("owner")]
    [InlineData("Admin")]
    [InlineData("")]
    public async Task An_invalid_role_is_a_validation_error(string role)
    {
        var admin = await api.SignUpAsync();

        var add = await admin.Session.PostAsync(Members, new { email = $"r-{Guid.NewGuid():N}@example.com", role });
        var patch = await admin.Session.PatchAsync($"{Members}/{admin.MemberId}", new { role });

        var addError = await add.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["role"], addError["details"]!.AsObject().Select(d => d.Key));
        var patchError = await patch.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["role"], patchError["details"]!.AsObject().Select(d => d.Key));
    }

    [Fact]
    public async Task A_bad_email_and_a_missing_role_on_update_are_validation_errors()
    {
        var admin = await api.SignUpAsync();

        var add = await admin.Session.PostAsync(Members, new { email = "not-an-email", role = "boss" });
        var patch = await admin.Session.PatchAsync($"{Members}/{admin.MemberId}", new { });

        var addError = await add.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["email", "role"], addError["details"]!.AsObject().Select(d => d.Key).Order());
        var patchError = await patch.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["role"], patchError["details"]!.AsObject().Select(d => d.Key));
    }

    [Fact]
    public async Task The_last_admin_can_be_neither_demoted_nor_removed()
    {
        var admin = await api.SignUpAsync();

        var demote = await admin.Session.PatchAsync($"{Members}/{admin.MemberId}", new { role = "member" });
        var remove = await admin.Session.DeleteAsync($"{Members}/{admin.MemberId}");
        var list = await admin.Session.GetOkAsync(Members);

        var error = await demote.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.Contains("last admin", error["message"]!.GetValue<string>());
        await remove.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.Equal("admin", list["members"]![0]!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task With_two_admins_one_can_be_demoted_and_then_the_other_is_the_last()
    {
        var admin = await api.SignUpAsync();
        var other = await api.SignUpAsync();
        var secondId = await JoinAsync(admin, other, "admin");

        var demoted = await admin.Session.PatchOkAsync($"{Members}/{admin.MemberId}", new { role = "member" });
        await other.Session.PostOkAsync("/api/v1/auth/workspace", new { workspaceId = admin.WorkspaceId });
        var demoteLast = await other.Session.PatchAsync($"{Members}/{secondId}", new { role = "member" });
        var nowForbidden = await admin.Session.PatchAsync($"{Members}/{secondId}", new { role = "member" });

        Assert.Equal("member", demoted["role"]!.GetValue<string>());
        await demoteLast.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
        // The demoted admin's own session lost admin access at once.
        await nowForbidden.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Concurrent_demotions_or_removals_of_two_admins_leave_one_admin(bool remove)
    {
        // Straight at the service, on separate connections: through HTTP the loser would often be
        // refused by authorization already (its session no longer admin), which would hide the race.
        await using var db = api.Database.CreateDataSource();
        var memberships = new MembershipService(db, TimeProvider.System);
        for (var round = 0; round < 5; round++)
        {
            var admin = await api.SignUpAsync();
            var other = await api.SignUpAsync();
            var secondId = await JoinAsync(admin, other, "admin");

            async Task<int> ChangeAsync(Guid memberId)
            {
                try
                {
                    if (remove)
                    {
                        await memberships.RemoveAsync(admin.WorkspaceId, memberId, new Actor(Actor.Member, admin.MemberId));
                    }
                    else
                    {
                        await memberships.ChangeRoleAsync(admin.WorkspaceId, memberId, "member");
                    }
                    return 200;
                }
                catch (JuxaException e)
                {
                    return e.Status;
                }
            }

            var results = await Task.WhenAll(Task.Run(() => ChangeAsync(admin.MemberId)), Task.Run(() => ChangeAsync(secondId)));

            Assert.Equal([200, 409], results.Order());
            await using var count = db.CreateCommand("SELECT count(*) FROM workspace_members WHERE workspace_id = $1 AND role = 'admin'");
            count.Parameters.AddWithValue(admin.WorkspaceId);
            Assert.Equal(1L, await count.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task Removing_a_member_ends_their_access_and_revokes_their_keys()
    {
        var admin = await api.SignUpAsync();
        var other = await api.SignUpAsync();
        var memberId = await JoinAsync(admin, other, "admin");
        await other.Session.PostOkAsync("/api/v1/auth/workspace", new { workspaceId = admin.WorkspaceId });
        // Unlimited, so that this host holds the key's decision and the removal has to evict it.
        var (token, _) = await other.CreateKeyAsync(rateLimitPerMinute: 0);
        using var key = api.WithKey(token);
        Assert.Equal(admin.WorkspaceId, (await key.GetOkAsync("/api/v1/workspace"))["id"]!.GetValue<Guid>());
        var (ownToken, _) = await admin.CreateKeyAsync();
        using var ownKey = api.WithKey(ownToken);

        var removed = await JuxaClient.DataAsync(await admin.Session.DeleteAsync($"{Members}/{memberId}"), HttpStatusCode.OK);
        var sessionAfter = await other.Session.GetAsync("/api/v1/auth/me");
        var keyAfter = await key.GetAsync("/api/v1/workspace");
        var list = await admin.Session.GetOkAsync(Members);

        Assert.True(removed["removed"]!.GetValue<bool>());
        Assert.Equal("active", removed["status"]!.GetValue<string>());
        Assert.Equal(1, removed["revokedApiKeys"]!.GetValue<int>());
        // The session acted in the workspace it lost: it is no longer valid (sign in again).
        await sessionAfter.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        var keyError = await keyAfter.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Contains("revoked", keyError["message"]!.GetValue<string>());
        Assert.DoesNotContain(list["members"]!.AsArray(), m => m!["id"]!.GetValue<Guid>() == memberId);
        // Other members' keys are untouched.
        await ownKey.GetOkAsync("/api/v1/workspace");

        // A new login lands in the user's own workspace, the only one left.
        using var fresh = api.Anonymous();
        var login = await fresh.PostOkAsync("/api/v1/auth/login", new { email = other.Email, password = other.Password });
        var me = await fresh.GetOkAsync("/api/v1/auth/me");
        var switchBack = await fresh.PostAsync("/api/v1/auth/workspace", new { workspaceId = admin.WorkspaceId });
        Assert.Equal(other.WorkspaceId, login["workspace"]!["id"]!.GetValue<Guid>());
        Assert.Single(me["workspaces"]!.AsArray());
        await switchBack.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Removing_a_member_leaves_their_sessions_in_other_workspaces_alone()
    {
        var admin = await api.SignUpAsync();
        var other = await api.SignUpAsync();
        var memberId = await JoinAsync(admin, other);

        await JuxaClient.DataAsync(await admin.Session.DeleteAsync($"{Members}/{memberId}"), HttpStatusCode.OK);
        var me = await other.Session.GetOkAsync("/api/v1/auth/me");

        Assert.Equal(other.WorkspaceId, me["workspace"]!["id"]!.GetValue<Guid>());
        Assert.Single(me["workspaces"]!.AsArray());
    }

    [Fact]
    public async Task Ids_of_another_workspace_or_unknown_ids_are_404()
    {
        var admin = await api.SignUpAsync();
        var stranger = await api.SignUpAsync();
        var invitation = await stranger.Session.PostOkAsync(Members, new { email = $"s-{Guid.NewGuid():N}@example.com" });

        var patchForeign = await admin.Session.PatchAsync($"{Members}/{stranger.MemberId}", new { role = "member" });
        var deleteForeign = await admin.Session.DeleteAsync($"{Members}/{stranger.MemberId}");
        var deleteForeignInvitation = await admin.Session.DeleteAsync($"{Members}/{invitation["id"]!.GetValue<Guid>()}");
        var deleteUnknown = await admin.Session.DeleteAsync($"{Members}/{Guid.NewGuid()}");
        var strangerList = await stranger.Session.GetOkAsync(Members);

        await patchForeign.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await deleteForeign.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await deleteForeignInvitation.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await deleteUnknown.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(2, strangerList["pagination"]!["total"]!.GetValue<int>());
        Assert.Equal("admin", strangerList["members"]![0]!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_write_key_cannot_add_members_but_an_admins_full_key_can()
    {
        var admin = await api.SignUpAsync();
        var (writeToken, _) = await admin.CreateKeyAsync(["integrations:write"]);
        var (readToken, _) = await admin.CreateKeyAsync(["integrations:read"]);
        var (fullToken, _) = await admin.CreateKeyAsync();
        using var write = api.WithKey(writeToken);
        using var read = api.WithKey(readToken);
        using var full = api.WithKey(fullToken);

        var byWrite = await write.PostAsync(Members, new { email = $"w-{Guid.NewGuid():N}@example.com" });
        var listed = await read.GetOkAsync(Members);
        var byFull = await full.PostAsync(Members, new { email = $"f-{Guid.NewGuid():N}@example.com" });

        await byWrite.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Single(listed["members"]!.AsArray());
        Assert.Equal("pending", (await JuxaClient.DataAsync(byFull, HttpStatusCode.Created))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_key_that_invites_a_member_is_the_actor_of_their_notification()
    {
        var admin = await api.SignUpAsync();
        var other = await api.SignUpAsync();
        var (fullToken, fullKeyId) = await admin.CreateKeyAsync();
        using var full = api.WithKey(fullToken);

        var invitation = await full.PostOkAsync(Members, new { email = other.Email });
        var joined = await other.Session.PostOkAsync("/api/v1/auth/accept-invitation", new { invitationToken = invitation["invitationToken"]!.GetValue<string>() });

        await using var db = api.Database.CreateDataSource();
        await using var command = db.CreateCommand("SELECT actor_type, actor_id FROM notifications WHERE member_id = $1");
        command.Parameters.AddWithValue(joined["memberId"]!.GetValue<Guid>());
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("api_key", reader.GetString(0));
        Assert.Equal(fullKeyId, reader.GetGuid(1));
    }

    [Fact]
    public async Task Switching_to_a_workspace_the_user_does_not_belong_to_is_404()
    {
        var user = await api.SignUpAsync();
        var stranger = await api.SignUpAsync();

        var foreign = await user.Session.PostAsync("/api/v1/auth/workspace", new { workspaceId = stranger.WorkspaceId });
        var unknown = await user.Session.PostAsync("/api/v1/auth/workspace", new { workspaceId = Guid.NewGuid() });
        var missing = await user.Session.PostAsync("/api/v1/auth/workspace", new { });
        var me = await user.Session.GetOkAsync("/api/v1/auth/me");

        await foreign.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await unknown.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        var error = await missing.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["workspaceId"], error["details"]!.AsObject().Select(d => d.Key));
        Assert.Equal(user.WorkspaceId, me["workspace"]!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Switching_workspaces_is_for_sessions_only()
    {
        var response = await api.Bootstrap().PostAsync("/api/v1/auth/workspace", new { workspaceId = Guid.NewGuid() });

        await response.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task The_member_list_is_paginated_and_needs_a_credential()
    {
        var admin = await api.SignUpAsync();
        await admin.Session.PostOkAsync(Members, new { email = $"p1-{Guid.NewGuid():N}@example.com" });
        await admin.Session.PostOkAsync(Members, new { email = $"p2-{Guid.NewGuid():N}@example.com" });

        var second = await admin.Session.GetOkAsync($"{Members}?limit=1&offset=1");
        var badLimit = await admin.Session.GetAsync($"{Members}?limit=0");
        using var anonymous = api.Anonymous();
        var noCredential = await anonymous.GetAsync(Members);

        var entry = Assert.Single(second["members"]!.AsArray())!;
        Assert.Equal("pending", entry["status"]!.GetValue<string>());
        Assert.StartsWith("p1-", entry["email"]!.GetValue<string>());
        Assert.Equal(3, second["pagination"]!["total"]!.GetValue<int>());
        Assert.Equal(1, second["pagination"]!["offset"]!.GetValue<int>());
        await badLimit.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await noCredential.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    /// <summary>Invites <paramref name="user"/> to <paramref name="admin"/>'s workspace and has them accept signed in; returns their member id.</summary>
    private static async Task<Guid> JoinAsync(SignedUp admin, SignedUp user, string role = "member")
    {
        var invitation = await admin.Session.PostOkAsync(Members, new { email = user.Email, role });
        var joined = await user.Session.PostOkAsync("/api/v1/auth/accept-invitation", new { invitationToken = invitation["invitationToken"]!.GetValue<string>() });
        return joined["memberId"]!.GetValue<Guid>();
    }

    private async Task<List<(string Kind, string Title, Guid WorkspaceId)>> NotificationsAsync(Guid memberId)
    {
        await using var db = api.Database.CreateDataSource();
        await using var command = db.CreateCommand("SELECT kind, title, workspace_id FROM notifications WHERE member_id = $1");
        command.Parameters.AddWithValue(memberId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, Guid)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetGuid(2)));
        }

        return rows;
    }
}
