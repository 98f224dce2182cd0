using Juxa.Apps;
using Juxa.Security;

namespace Juxa.Api.Authorization;

/// <summary>
/// The access levels of the contract's scope table. Endpoints declare one with
/// <c>.RequireAccess(Access.X)</c>; <see cref="AccessHandler"/> enforces it.
/// </summary>
public static class Access
{
    /// <summary>Reads: sessions, and keys with <c>integrations:read</c>, <c>integrations:write</c> or <c>*</c>.</summary>
    public static readonly AccessRequirement Read = new("access:read", "read access (integrations:read, integrations:write or *)",
        SessionAllowed: true, SessionMustBeAdmin: false, [Scopes.All, Scopes.Read, Scopes.Write], KeyMustActAsAdmin: false)
    {
        EmbedScopes = [AppScopes.CrmRead, AppScopes.CrmWrite],
    };

    /// <summary>Writes to records, tasks, notes and lists: sessions, and keys with <c>integrations:write</c> or <c>*</c>.</summary>
    public static readonly AccessRequirement Write = new("access:write", "write access (integrations:write or *)",
        SessionAllowed: true, SessionMustBeAdmin: false, [Scopes.All, Scopes.Write], KeyMustActAsAdmin: false)
    {
        EmbedScopes = [AppScopes.CrmWrite],
    };

    /// <summary>
    /// Object and attribute schema writes: admin sessions and <c>*</c> keys whose creator is an admin, never
    /// <c>integrations:write</c>. A key acts as its creator, so a demoted admin's old key loses schema writes as their session does.
    /// </summary>
    public static readonly AccessRequirement Schema = new("access:schema", "schema access (a workspace admin: session, or a * key created by an admin)",
        SessionAllowed: true, SessionMustBeAdmin: true, [Scopes.All], KeyMustActAsAdmin: true);

    /// <summary>Workspace administration: admin sessions, and <c>*</c> keys created by an admin.</summary>
    public static readonly AccessRequirement Admin = new("access:admin", "a workspace admin (session, or a * key created by an admin)",
        SessionAllowed: true, SessionMustBeAdmin: true, [Scopes.All], KeyMustActAsAdmin: true);

    /// <summary>Legal assistant chat: sessions, and keys with <c>integrations:assistant</c> or <c>*</c>.</summary>
    public static readonly AccessRequirement Assistant = new("access:assistant", "assistant access (integrations:assistant or *)",
        SessionAllowed: true, SessionMustBeAdmin: false, [Scopes.All, Scopes.Assistant], KeyMustActAsAdmin: false)
    {
        EmbedScopes = [AppScopes.Chat],
    };

    /// <summary>Minting a Juxa Docs handoff: sessions, and keys with <c>integrations:handoff</c>, <c>integrations:write</c> or <c>*</c>.</summary>
    public static readonly AccessRequirement HandoffMint = new("access:handoff", "handoff access (integrations:handoff, integrations:write or *)",
        SessionAllowed: true, SessionMustBeAdmin: false, [Scopes.All, Scopes.Handoff, Scopes.Write], KeyMustActAsAdmin: false);

    /// <summary>Browser-only surfaces: a signed-in user; API keys are refused.</summary>
    public static readonly AccessRequirement Session = new("access:session", "a signed-in user (session cookie); API keys are not accepted",
        SessionAllowed: true, SessionMustBeAdmin: false, [], KeyMustActAsAdmin: false);

    /// <summary>Browser-only admin surfaces: a signed-in workspace admin.</summary>
    public static readonly AccessRequirement SessionAdmin = new("access:session-admin", "a signed-in workspace admin (session cookie)",
        SessionAllowed: true, SessionMustBeAdmin: true, [], KeyMustActAsAdmin: false);

    /// <summary>
    /// Cluster-wide surfaces (the Orleans dashboard, entitlement decisions): a platform operator signed in. A workspace
    /// admin is not enough, since anyone who signs up is the admin of a workspace of their own.
    /// </summary>
    public static readonly AccessRequirement PlatformOperator = new("access:platform-operator", "a signed-in platform operator (session cookie)",
        SessionAllowed: true, SessionMustBeAdmin: false, [], KeyMustActAsAdmin: false)
    {
        SessionMustBePlatformOperator = true,
    };

    /// <summary>Any session or API key, whatever its scopes (not an embed token: those reach only the app surface).</summary>
    public static readonly AccessRequirement Authenticated = new("access:authenticated", "a session or an API key (any scope)",
        SessionAllowed: true, SessionMustBeAdmin: false, [Scopes.All, Scopes.Read, Scopes.Write, Scopes.Assistant, Scopes.Handoff], KeyMustActAsAdmin: false);

    /// <summary>OSINT research briefs: sessions, keys with <c>integrations:assistant</c> or <c>*</c>, and embed tokens whose manifest enables it.</summary>
    public static readonly AccessRequirement OsintResearch = new("access:osint-research",
        "OSINT research access (a session; a key with integrations:assistant or *; an embed token of an app with osintResearch)",
        SessionAllowed: true, SessionMustBeAdmin: false, [Scopes.All, Scopes.Assistant], KeyMustActAsAdmin: false)
    {
        EmbedScopes = [AppScopes.OsintResearch],
    };

    /// <summary>
    /// Agent missions: sessions, keys with <c>integrations:assistant</c> or <c>*</c>, embed tokens with <c>chat</c>.
    /// Missions read CRM data, so the endpoints also require <see cref="Read"/> (checked in the handlers).
    /// </summary>
    public static readonly AccessRequirement Missions = new("access:missions",
        "agent-mission access (a session; a key with integrations:assistant or *; an embed token with chat) plus read access",
        SessionAllowed: true, SessionMustBeAdmin: false, [Scopes.All, Scopes.Assistant], KeyMustActAsAdmin: false)
    {
        EmbedScopes = [AppScopes.Chat],
    };

    public static readonly IReadOnlyList<AccessRequirement> All = [Read, Write, Schema, Admin, Assistant, HandoffMint, Session, SessionAdmin, PlatformOperator, Authenticated, OsintResearch, Missions];
}
