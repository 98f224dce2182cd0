using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;
using Juxa.Tests.Infrastructure.OpenApi;
using Xunit.Abstractions;

namespace Juxa.Tests.Api;

/// <summary>
/// Does <c>/openapi.json</c> tell the truth? A scripted session drives the API as an integrator would (the contract's
/// Quick Start, then every CRM area, chat, agent missions and apps with an embed token, then one request for each kind of
/// error), and every response it gets is checked against the document the same server serves: the operation is in it, the
/// status is documented for it, and the body validates against the documented schema (required members, types, formats,
/// no null where none is documented, no member the schema does not list). Clients generated from the document trust all
/// of that. And every operation of the document is answered with success at least once (<see cref="Unreachable"/>).
/// </summary>
/// <remarks>
/// Each step asserts only the status the script needs to go on; the mismatches are collected and reported together at
/// the end, so one run lists everything the document gets wrong.
/// </remarks>
[Collection(ApiCollection.Name)]
public sealed partial class OpenApiConformanceTests(ApiFixture api, ITestOutputHelper output)
{
    private readonly ExchangeRecorder _recorder = new();

    [Fact]
    public async Task Every_response_of_an_integrators_session_is_what_the_document_says()
    {
        var admin = await SignUpAsync();
        var (keyToken, _) = await CreateKeyAsync(admin, scopes: null);
        using var key = Client(keyToken);

        await QuickStartAsync(key);
        var project = await SchemaAsync(key);
        var projectId = await RecordsAsync(key, project);
        await ListsAsync(key, projectId);
        var colleague = await MembersAsync(admin, key);
        await NotesAndTasksAsync(key, projectId, colleague);
        await NotificationsAsync(colleague);
        await WorkspaceAndKeysAsync(admin, key);
        await AccountsAndIntegrationsAsync(admin, key);
        await ChatAsync(admin, key, projectId);
        await MissionsAsync(key, projectId);
        await AppsAsync(admin);
        await ErrorsAsync(admin, key, projectId);
        await CleanUpAsync(key, project, projectId);

        using var documents = api.Anonymous();
        var document = OpenApiResponseValidator.Parse(await (await documents.GetAsync("/openapi.json")).Content.ReadAsStringAsync(), out var documentProblems);
        // The LLM tools subset keeps some operations as they are in /openapi.json, with its own copy of their schemas.
        var tools = OpenApiResponseValidator.Parse(await (await documents.GetAsync("/openapi-llm-tools.json")).Content.ReadAsStringAsync(), out var toolsProblems);
        var exchanges = _recorder.Exchanges;
        var mismatches = documentProblems
            .Concat(exchanges.SelectMany(document.Check))
            .Concat(toolsProblems.Concat(exchanges.Where(tools.HasOperation).SelectMany(tools.Check)).Select(m => "/openapi-llm-tools.json: " + m))
            .Concat(Unexercised(document, exchanges))
            .ToList();

        var reached = exchanges.Select(document.OperationOf).OfType<string>().Distinct().Count();
        output.WriteLine($"{exchanges.Count} responses, {reached} of the document's {document.Operations.Count} operations called; not answered with success, by design: "
            + (Unreachable.Count == 0 ? "none" : string.Join("; ", Unreachable.Select(u => $"{u.Key} ({u.Value})"))));
        Assert.True(mismatches.Count == 0,
            $"{mismatches.Count} mismatches between the documents and {exchanges.Count} real responses:{Environment.NewLine}"
            + string.Join(Environment.NewLine, mismatches.Select(m => "  - " + m)));
        // The script covers what it claims to: each kind of error was really answered.
        Assert.All(new[] { 400, 401, 403, 404, 409, 410, 413, 415, 429 }, status => Assert.Contains(exchanges, e => e.Status == status));
    }

    /// <summary>
    /// Documented operations that no test can answer with success, each with why. An operation the script never calls, or
    /// calls only to be refused, has its success body checked by nothing, so the test fails on one: a new route comes with
    /// its step in the script, or its entry here. Today there is none: a model is the fixture's OpenAI-compatible fake and the
    /// platform operator its bootstrap admin, so even chat, missions, OSINT research and entitlement decisions answer for real.
    /// Not counted, since the document leaves them out: HEAD (every GET answers it), the health checks, <c>/hubs</c>,
    /// <c>/dashboard</c> and the LLM documents.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> Unreachable = new Dictionary<string, string>();

    /// <summary>Each documented operation no request of the session got a 2xx from (and each stale entry of <see cref="Unreachable"/>).</summary>
    private static IEnumerable<string> Unexercised(OpenApiResponseValidator document, IReadOnlyList<RecordedExchange> exchanges)
    {
        var succeeded = exchanges.Where(e => e.Status is >= 200 and < 300).Select(document.OperationOf).OfType<string>().ToHashSet();
        var operations = document.Operations;
        return operations.Where(o => !succeeded.Contains(o) && !Unreachable.ContainsKey(o))
            .Select(o => $"{o}: never answered with success in the session, so its success body is unchecked: call it from the script")
            .Concat(Unreachable.Keys.Where(o => succeeded.Contains(o) || !operations.Contains(o))
                .Select(o => $"{o}: listed as unreachable, but {(operations.Contains(o) ? "the session reached it" : "the document has no such operation")}"));
    }

    /// <summary>The contract's Quick Start, as written.</summary>
    private static async Task QuickStartAsync(JuxaClient key)
    {
        await key.GetOkAsync("/api/v1/objects");
        await key.GetOkAsync("/api/v1/objects/people/records");
        await Created(await key.SendRawAsync(HttpMethod.Post, "/api/v1/objects/people/records",
            """{"values": {"name": {"first_name": "Jane", "last_name": "Doe"}, "email_addresses": "jane@example.com"}}""", "application/json"));
        await key.GetOkAsync("/api/v1/search?q=Jane");
        foreach (var value in new[] { 5000, 25000, 12000 })
        {
            await Created(await key.PostAsync("/api/v1/objects/deals/records", new { values = new { name = $"Deal {value}", deal_value = value, stage = "Lead" } }));
        }

        await Ok(await key.SendRawAsync(HttpMethod.Post, "/api/v1/objects/deals/records/query",
            """{"filter": {"operator": "and", "conditions": [{"attribute": "deal_value", "operator": "gte", "value": 10000}]}, "sorts": [{"attribute": "deal_value", "direction": "desc"}]}""",
            "application/json"));
    }

    /// <summary>A custom object with a unique text, a select with options, and a reference; the options' whole life.</summary>
    private static async Task<string> SchemaAsync(JuxaClient key)
    {
        const string Projects = "/api/v1/objects/projects";
        await Created(await key.PostAsync("/api/v1/objects", new { slug = "projects", singularName = "Project", pluralName = "Projects", icon = "folder" }));
        await key.GetOkAsync(Projects);
        await key.PatchOkAsync(Projects, new { pluralName = "All projects" });

        await Created(await key.PostAsync($"{Projects}/attributes", new { slug = "code", title = "Code", type = "text", isUnique = true }));
        var phase = await Created(await key.PostAsync($"{Projects}/attributes", new { slug = "phase", title = "Phase", type = "select", options = new[] { "Draft", "Active" } }));
        await Created(await key.PostAsync($"{Projects}/attributes",
            new { slug = "client", title = "Client", type = "record-reference", config = new { targetObject = "companies" } }));
        await Created(await key.PostAsync($"{Projects}/attributes", new { slug = "health", title = "Health", type = "status", statuses = new[] { "Green", "Red" } }));
        var phaseId = phase["id"]!.GetValue<Guid>();
        await key.PatchOkAsync($"{Projects}/attributes", new { attributeId = phaseId, title = "Project phase" });
        await key.GetOkAsync($"{Projects}/attributes");

        await key.GetOkAsync($"{Projects}/attributes/options?attributeId={phaseId}");
        var option = await Created(await key.PostAsync($"{Projects}/attributes/options", new { attributeId = phaseId, title = "Closed", color = "#888888" }));
        var optionId = option["id"]!.GetValue<Guid>();
        await key.PatchOkAsync($"{Projects}/attributes/options", new { optionId, attributeType = "select", isActive = false });
        await Ok(await key.DeleteAsync($"{Projects}/attributes/options?optionId={optionId}&attributeType=select"));
        return "projects";
    }

    /// <summary>Records: CRUD, query (filter, sorts, cursor), assert both ways, import, related, activity, search, browse. Returns a project's id.</summary>
    private static async Task<Guid> RecordsAsync(JuxaClient key, string projects)
    {
        var company = await Created(await key.PostAsync("/api/v1/objects/companies/records",
            new { values = new { name = "Acme", domains = "acme.example", categories = new[] { "B2B" } } }));
        var companyId = company["id"]!.GetValue<Guid>();
        var project = await Created(await key.PostAsync($"/api/v1/objects/{projects}/records",
            new { values = new { code = "P-1", phase = "Draft", client = companyId, health = "Green" } }));
        var projectId = project["id"]!.GetValue<Guid>();
        await Created(await key.PostAsync($"/api/v1/objects/{projects}/records", new { values = new { code = "P-2" } }));
        await key.GetOkAsync($"/api/v1/objects/{projects}/records/{projectId}");
        await key.PatchOkAsync($"/api/v1/objects/{projects}/records/{projectId}", new { values = new { phase = "Active" } });

        var first = await key.GetOkAsync($"/api/v1/objects/{projects}/records?limit=1");
        var cursor = first["pagination"]!["nextCursor"]!.GetValue<string>();
        await key.GetOkAsync($"/api/v1/objects/{projects}/records?limit=1&cursor={Uri.EscapeDataString(cursor)}");
        await key.PostOkAsync($"/api/v1/objects/{projects}/records/query", new
        {
            limit = 10,
            filter = new { @operator = "or", conditions = new object[] { new { attribute = "code", @operator = "starts_with", value = "P-" }, new { attribute = "phase", @operator = "is_empty" } } },
            sorts = new[] { new { attribute = "code", direction = "asc" } },
        });

        // Assert mode: the first call creates (201), the second finds (200).
        var assert = new { mode = "assert", matchAttribute = "email_addresses", matchValue = "ada@example.com", values = new { name = "Ada Lovelace", email_addresses = "ada@example.com", company = companyId } };
        await Created(await key.PostAsync("/api/v1/objects/people/records/query", assert));
        await Ok(await key.PostAsync("/api/v1/objects/people/records/query", assert));

        // One good row and one bad one: the import reports the failure and keeps the rest.
        await Ok(await key.PostAsync("/api/v1/objects/people/records/import",
            new { rows = new object[] { new { name = "Grace Hopper", email_addresses = "grace@example.com" }, new { no_such_attribute = 1 } } }));

        await key.GetOkAsync($"/api/v1/objects/companies/records/{companyId}/related");
        await key.GetOkAsync($"/api/v1/objects/{projects}/records/{projectId}/related");
        await key.GetOkAsync($"/api/v1/objects/{projects}/records/{projectId}/activity");
        await key.GetOkAsync("/api/v1/search?q=acme&limit=5");
        await key.GetOkAsync("/api/v1/records/browse?limit=5");
        return projectId;
    }

    /// <summary>A list on the custom object, its attributes and entries.</summary>
    private static async Task ListsAsync(JuxaClient key, Guid projectId)
    {
        var list = await Created(await key.PostAsync("/api/v1/lists", new { name = "Pipeline", objectSlug = "projects" }));
        var lists = $"/api/v1/lists/{list["id"]!.GetValue<Guid>()}";
        await key.GetOkAsync("/api/v1/lists");
        await key.GetOkAsync(lists);
        await key.PatchOkAsync(lists, new { name = "Project pipeline", isPrivate = false });

        var attribute = await Created(await key.PostAsync($"{lists}/attributes", new { slug = "priority", title = "Priority", type = "rating" }));
        await Created(await key.PostAsync($"{lists}/attributes", new { slug = "owner_note", title = "Owner note", type = "text" }));
        await key.PatchOkAsync($"{lists}/attributes", new { id = attribute["id"]!.GetValue<Guid>(), title = "Priority (1-5)" });
        await key.GetOkAsync($"{lists}/attributes");

        await key.GetOkAsync($"{lists}/available-records?search=P-");
        var entry = await Created(await key.PostAsync($"{lists}/entries", new { recordId = projectId, values = new { priority = 3 } }));
        var entryId = entry["id"]!.GetValue<Guid>();
        await key.PatchOkAsync($"{lists}/entries/{entryId}", new { values = new { owner_note = "watch it" } });
        await key.GetOkAsync($"{lists}/entries");
        await key.GetOkAsync($"{lists}/entries/{entryId}");
        await key.GetOkAsync($"/api/v1/objects/projects/records/{projectId}/activity");
        await Ok(await key.DeleteAsync($"{lists}/entries/{entryId}"));
        await Ok(await key.DeleteAsync($"{lists}/attributes?id={attribute["id"]!.GetValue<Guid>()}"));
        await Ok(await key.DeleteAsync(lists));
    }

    /// <summary>A colleague joins (invited by email, accepts signed in, then switches their session over), an invitation comes and goes.</summary>
    private async Task<Member> MembersAsync(Member admin, JuxaClient key)
    {
        var colleague = await SignUpAsync();
        var invitation = await Created(await key.PostAsync("/api/v1/workspace-members", new { email = colleague.Email }));
        var joined = await colleague.Session.PostOkAsync("/api/v1/auth/accept-invitation", new { invitationToken = invitation["invitationToken"]!.GetValue<string>() });
        var memberId = joined["memberId"]!.GetValue<Guid>();
        await key.PatchOkAsync($"/api/v1/workspace-members/{memberId}", new { role = "member" });
        var invited = await Created(await key.PostAsync("/api/v1/workspace-members", new { email = $"invitee-{Guid.NewGuid():N}@example.com", role = "admin" }));
        await key.GetOkAsync("/api/v1/workspace-members");
        await key.GetOkAsync($"/api/v1/workspace-members/{memberId}");
        await key.GetOkAsync($"/api/v1/workspace-members/{invited["id"]!.GetValue<Guid>()}");
        await Ok(await key.DeleteAsync($"/api/v1/workspace-members/{invited["id"]!.GetValue<Guid>()}"));

        await colleague.Session.PostOkAsync("/api/v1/auth/workspace", new { workspaceId = admin.WorkspaceId });
        await colleague.Session.GetOkAsync("/api/v1/auth/me");
        return colleague with { MemberId = memberId, WorkspaceId = admin.WorkspaceId };
    }

    /// <summary>Notes and tasks on a record; a task assigned to the colleague notifies them.</summary>
    private static async Task NotesAndTasksAsync(JuxaClient key, Guid projectId, Member colleague)
    {
        var onRecord = $"/api/v1/objects/projects/records/{projectId}";
        var note = await Created(await key.PostAsync($"{onRecord}/notes", new { title = "Kick-off", content = "Agreed the **scope**." }));
        var noteId = note["id"]!.GetValue<Guid>();
        await Created(await key.PostAsync($"{onRecord}/notes", new { content = "No title here." }));
        await key.GetOkAsync($"{onRecord}/notes");
        await key.GetOkAsync("/api/v1/notes?limit=10");
        await key.GetOkAsync($"/api/v1/notes/{noteId}");
        await key.PatchOkAsync($"/api/v1/notes/{noteId}", new { title = "Kick-off meeting" });
        await Ok(await key.DeleteAsync($"/api/v1/notes/{noteId}"));

        var task = await Created(await key.PostAsync("/api/v1/tasks",
            new { content = "Send the proposal", deadline = "2031-05-01", recordIds = new[] { projectId }, assigneeIds = new[] { colleague.MemberId } }));
        var taskId = task["id"]!.GetValue<Guid>();
        await Created(await key.PostAsync("/api/v1/tasks", new { content = "No deadline, no links" }));
        await key.GetOkAsync("/api/v1/tasks");
        await key.GetOkAsync($"/api/v1/tasks/{taskId}");
        await key.GetOkAsync($"{onRecord}/tasks");
        await key.PatchOkAsync($"/api/v1/tasks/{taskId}", new { isCompleted = true, deadline = (string?)null });
        await key.GetOkAsync($"{onRecord}/tasks?showCompleted=true");
        await key.GetOkAsync($"{onRecord}/activity?limit=50");
        await Ok(await key.DeleteAsync($"/api/v1/tasks/{taskId}"));
    }

    /// <summary>The colleague's inbox: added to the workspace, assigned a task.</summary>
    private static async Task NotificationsAsync(Member colleague)
    {
        var inbox = await colleague.Session.GetOkAsync("/api/v1/notifications?unreadOnly=true");
        var first = inbox["notifications"]!.AsArray()[0]!["id"]!.GetValue<Guid>();
        await Ok(await colleague.Session.PatchAsync($"/api/v1/notifications/{first}", null));
        await colleague.Session.PostOkAsync("/api/v1/notifications/mark-all-read", null);
        await colleague.Session.GetOkAsync("/api/v1/notifications");
    }

    private async Task WorkspaceAndKeysAsync(Member admin, JuxaClient key)
    {
        await key.GetOkAsync("/api/v1/workspace");
        await key.PatchOkAsync("/api/v1/workspace", new { name = "Conformance Inc." });
        await key.GetOkAsync("/api/v1/auth/me");
        await admin.Session.GetOkAsync("/api/v1/auth/me");
        await key.GetOkAsync("/api/v1/api-keys");
        var (_, readOnlyId) = await CreateKeyAsync(admin, ["integrations:read"], expiresAt: DateTimeOffset.UtcNow.AddDays(30));
        await key.GetOkAsync($"/api/v1/api-keys/{readOnlyId}");
        await Ok(await key.DeleteAsync($"/api/v1/api-keys/{readOnlyId}"));
    }

    /// <summary>Beyond the CRM data: signing in, an invitation accepted, a Juxa Docs handoff, chat conversations, signing out.</summary>
    private async Task AccountsAndIntegrationsAsync(Member admin, JuxaClient key)
    {
        // An invitation to an address with no account yet, accepted once its owner has signed up; then they sign in anew.
        var email = $"invitee-{Guid.NewGuid():N}@example.com";
        var invitation = await Created(await key.PostAsync("/api/v1/workspace-members", new { email }));
        var invitee = await SignUpAsync(email);
        await invitee.Session.PostOkAsync("/api/v1/auth/accept-invitation", new { invitationToken = invitation["invitationToken"]!.GetValue<string>() });
        using (var browser = new JuxaClient(_recorder.CreateClient(api.Factory.ServerAddress!, cookies: true)))
        {
            await browser.PostOkAsync("/api/v1/auth/login", new { email, password = Password });
            await browser.PostOkAsync("/api/v1/auth/logout", null);
        }

        // A handoff minted with the key, consumed once by its creator's session; the second time it is gone.
        var handoff = await Created(await key.PostAsync("/api/v1/integrations/juxa-docs-handoff", new { docPlain = "Draft clause", tabLabel = "Clause", source = "conformance" }));
        var token = new Uri(handoff["handoffUrl"]!.GetValue<string>()).Query.Split('&').Select(p => p.TrimStart('?').Split('=')).Single(p => p[0] == "handoff")[1];
        await admin.Session.PostOkAsync($"/api/v1/integrations/juxa-docs-handoff/{token}/consume", null);
        await Status(await admin.Session.PostAsync($"/api/v1/integrations/juxa-docs-handoff/{token}/consume", null), HttpStatusCode.Gone);

        var conversation = await Created(await key.PostAsync("/api/v1/chat/conversations", null));
        var conversations = $"/api/v1/chat/conversations/{conversation["id"]!.GetValue<Guid>()}";
        await key.GetOkAsync("/api/v1/chat/conversations");
        await key.GetOkAsync(conversations);
        await key.GetOkAsync($"{conversations}/ai-usage");
        await Ok(await key.DeleteAsync(conversations));
    }

    /// <summary>At least one answer of each error status, as an integrator meets them.</summary>
    private async Task ErrorsAsync(Member admin, JuxaClient key, Guid projectId)
    {
        // 400: an unknown attribute, JSON that does not parse, a query parameter of the wrong type, a field a bodiless endpoint does not take,
        // a filter operator the attribute's type has not, and a NUL in the query string of a route that takes no parameters at all.
        await Status(await key.PostAsync("/api/v1/objects/people/records", new { values = new { no_such_attribute = "x" } }), HttpStatusCode.BadRequest);
        await Status(await key.SendRawAsync(HttpMethod.Patch, "/api/v1/workspace", "{\"name\": ", "application/json"), HttpStatusCode.BadRequest);
        await Status(await key.GetAsync("/api/v1/tasks?limit=abc"), HttpStatusCode.BadRequest);
        await Status(await key.PostAsync("/api/v1/notifications/mark-all-read", new { read = true }), HttpStatusCode.BadRequest);
        await Status(await key.PostAsync("/api/v1/objects/projects/records/query", new { filter = new { @operator = "and", conditions = new[] { new { attribute = "code", @operator = "gt", value = "x" } } } }),
            HttpStatusCode.BadRequest);
        await Status(await key.GetAsync("/api/v1/workspace?name=%00"), HttpStatusCode.BadRequest);

        // 401: no credential, and a revoked key.
        using (var anonymous = Client(token: null))
        {
            await Status(await anonymous.GetAsync("/api/v1/objects"), HttpStatusCode.Unauthorized);
        }

        var (revokedToken, revokedId) = await CreateKeyAsync(admin, ["integrations:read"]);
        await Ok(await admin.Session.DeleteAsync($"/api/v1/api-keys/{revokedId}"));
        using (var revoked = Client(revokedToken))
        {
            await Status(await revoked.GetAsync("/api/v1/workspace"), HttpStatusCode.Unauthorized);
        }

        // 403: a read-only key writes; it asserts (a write through a read route); it manages keys.
        var (readToken, _) = await CreateKeyAsync(admin, ["integrations:read"]);
        using (var reader = Client(readToken))
        {
            await Status(await reader.PostAsync("/api/v1/objects/people/records", new { values = new { job_title = "x" } }), HttpStatusCode.Forbidden);
            await Status(await reader.PostAsync("/api/v1/objects/people/records/query",
                new { mode = "assert", matchAttribute = "email_addresses", matchValue = "x@example.com", values = new { email_addresses = "x@example.com" } }), HttpStatusCode.Forbidden);
            await Status(await reader.GetAsync("/api/v1/api-keys"), HttpStatusCode.Forbidden);
        }

        // 403 also: a signed-in browser's write from a foreign origin, even to an operation that needs no credential.
        using (var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { email = admin.Email, password = Password }) })
        {
            crossSite.Headers.Add("Origin", "https://evil.example");
            await Status(await admin.Session.Http.SendAsync(crossSite), HttpStatusCode.Forbidden);
        }

        // 404: an unknown id, an unknown object.
        await Status(await key.GetAsync($"/api/v1/objects/people/records/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await Status(await key.GetAsync("/api/v1/objects/no_such_object"), HttpStatusCode.NotFound);
        await Status(await key.GetAsync($"/api/v1/tasks/{Guid.NewGuid()}"), HttpStatusCode.NotFound);

        // 409: a taken slug, a taken unique value.
        await Status(await key.PostAsync("/api/v1/objects", new { slug = "projects", singularName = "Project", pluralName = "Projects" }), HttpStatusCode.Conflict);
        await Status(await key.PostAsync("/api/v1/objects/projects/records", new { values = new { code = "P-1" } }), HttpStatusCode.Conflict);

        // 413 and 415: a body over the limit, a body that is not JSON; on an endpoint with a body and on one without.
        var huge = "{\"values\": {\"job_title\": \"" + new string('a', 1_100_000) + "\"}}";
        await Status(await key.SendRawAsync(HttpMethod.Post, "/api/v1/objects/people/records", huge, "application/json"), HttpStatusCode.RequestEntityTooLarge);
        await Status(await key.SendRawAsync(HttpMethod.Post, $"/api/v1/objects/projects/records/{projectId}/notes", "hello", "text/plain"), HttpStatusCode.UnsupportedMediaType);
        await Status(await key.SendRawAsync(HttpMethod.Post, "/api/v1/notifications/mark-all-read", "read", "text/plain"), HttpStatusCode.UnsupportedMediaType);

        // 429: a key allowed one request a minute makes two.
        var (limitedToken, _) = await CreateKeyAsync(admin, scopes: null, rateLimitPerMinute: 1);
        using var limited = Client(limitedToken);
        await Ok(await limited.GetAsync("/api/v1/objects"));
        await Status(await limited.GetAsync("/api/v1/objects"), HttpStatusCode.TooManyRequests);
        // The limit is counted right after authentication, before authorization: so also where keys are refused anyway.
        await Status(await limited.GetAsync("/api/v1/apps/installations"), HttpStatusCode.TooManyRequests);
    }

    private static async Task CleanUpAsync(JuxaClient key, string projects, Guid projectId)
    {
        await Ok(await key.DeleteAsync($"/api/v1/objects/{projects}/records/{projectId}"));
        var attributes = await key.GetOkAsync($"/api/v1/objects/{projects}/attributes");
        var health = attributes.AsArray().Single(a => a!["slug"]!.GetValue<string>() == "health")!["id"]!.GetValue<Guid>();
        await Ok(await key.DeleteAsync($"/api/v1/objects/{projects}/attributes?attributeId={health}"));
        await Ok(await key.DeleteAsync($"/api/v1/objects/{projects}"));
    }

    private const string Password = "correct horse battery";

    private sealed record Member(JuxaClient Session, string Email, Guid WorkspaceId, Guid MemberId);

    private async Task<Member> SignUpAsync(string? email = null)
    {
        var session = new JuxaClient(_recorder.CreateClient(api.Factory.ServerAddress!, cookies: true));
        email ??= $"conformance-{Guid.NewGuid():N}@example.com";
        var body = await Created(await session.PostAsync("/api/v1/auth/signup", new { email, password = Password, name = "Con Formance", workspaceName = "Conformance" }));
        return new Member(session, email, body["workspace"]!["id"]!.GetValue<Guid>(), body["memberId"]!.GetValue<Guid>());
    }

    private static async Task<(string Token, Guid Id)> CreateKeyAsync(Member admin, string[]? scopes, int? rateLimitPerMinute = null, DateTimeOffset? expiresAt = null)
    {
        var body = await Created(await admin.Session.PostAsync("/api/v1/api-keys", new { name = "conformance", scopes, rateLimitPerMinute, expiresAt }));
        return (body["token"]!.GetValue<string>(), body["id"]!.GetValue<Guid>());
    }

    private JuxaClient Client(string? token)
    {
        var http = _recorder.CreateClient(api.Factory.ServerAddress!);
        return token is null ? new JuxaClient(http) : JuxaClient.WithKey(http, token);
    }

    private static Task<JsonNode> Ok(HttpResponseMessage response) => JuxaClient.DataAsync(response, HttpStatusCode.OK);

    private static Task<JsonNode> Created(HttpResponseMessage response) => JuxaClient.DataAsync(response, HttpStatusCode.Created);

    private static async Task Status(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
    }
}
