using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;

namespace Juxa.Bench.Records;

/// <summary>
/// An HTTP workload: one client per measurement with one connection per worker
/// (<c>MaxConnectionsPerServer = concurrency</c>), the bearer key on every request, the whole body read.
/// </summary>
public sealed class HttpWorkload : IWorkload
{
    private readonly SocketsHttpHandler _handler;
    private readonly HttpClient _client;
    private readonly Func<long, HttpRequestMessage> _request;

    public HttpWorkload(int concurrency, string? key, Func<long, HttpRequestMessage> request, TimeSpan timeout)
    {
        _handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        _client = new HttpClient(_handler) { Timeout = timeout };
        if (key is not null)
        {
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        _request = request;
    }

    public async Task<int> ExecuteAsync(long sequence, CancellationToken cancellationToken)
    {
        using var request = _request(sequence);
        // ResponseContentRead (the default): returns once the whole body is in.
        using var response = await _client.SendAsync(request, cancellationToken);
        return (int)response.StatusCode;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        _handler.Dispose();
        return ValueTask.CompletedTask;
    }

    public static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    public static HttpRequestMessage Post(string url, byte[] json) => new(HttpMethod.Post, url)
    {
        Content = new ByteArrayContent(json) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
    };
}

/// <summary>A database workload: one pooled data source per measurement (at most <c>concurrency</c> connections), unprepared commands as the API sends them.</summary>
public sealed class DbWorkload(string connectionString, int concurrency, Func<NpgsqlDataSource, long, Task> run) : IWorkload
{
    private readonly NpgsqlDataSource _db = new NpgsqlDataSourceBuilder(
        new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = Math.Max(concurrency, 1), MinPoolSize = 0 }.ConnectionString).Build();

    public async Task<int> ExecuteAsync(long sequence, CancellationToken cancellationToken)
    {
        await run(_db, sequence);
        return 200;
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}

/// <summary>The requests and statements the suite measures.</summary>
public sealed class Workloads(SuiteOptions options, Guid workspaceId, IReadOnlyList<Guid> hotIds, DataGenerator generator)
{
    /// <summary>Created here (run_tag) so that rows made by create/import never collide with seeded or earlier runs' emails.</summary>
    private readonly string _runTag = "b" + Guid.NewGuid().ToString("N")[..6];
    private readonly Lock _generatorLock = new();
    private long _unique;

    public const string RawTableSql =
        """
        CREATE TABLE IF NOT EXISTS bench_raw (
            id            uuid  PRIMARY KEY,
            workspace_id  uuid  NOT NULL,
            values        jsonb NOT NULL
        )
        """;

    /// <summary>
    /// The people attributes the suite indexes (<c>isIndexed: true</c>, through the API) once the data is in: the
    /// filtered and the sorted attribute of the first query (docs/query-plans.md). Creates and imports in the write
    /// phase pay for their upkeep.
    /// </summary>
    public static readonly string[] IndexedPeopleAttributes = ["job_title", "name"];

    /// <summary>The query bodies and search terms (docs: bench/README.md, "Records").</summary>
    public static readonly (string Name, string Body)[] Queries =
    [
        ("query-job-title", """{"limit":50,"filter":{"operator":"and","conditions":[{"attribute":"job_title","operator":"equals","value":"Engineer"}]},"sorts":[{"attribute":"name","direction":"asc"}]}"""),
        ("query-email", """{"limit":50,"filter":{"operator":"and","conditions":[{"attribute":"email_addresses","operator":"contains","value":"@acme"}]},"sorts":[{"attribute":"created_at","direction":"desc"}]}"""),
    ];

    /// <summary>Partial names, cycled request after request: prefixes and middles of first and last names of the generator's lists.</summary>
    public static readonly string[] SearchTerms = ["joh", "smit", "ander", "gonz", "will", "mart", "rob", "nguy"];

    public IWorkload Ping(int c) => Http(c, key: null, _ => HttpWorkload.Get(options.BaselineUrl + "/ping"));

    public IWorkload GetRecord(int c) =>
        Http(c, options.Key, s => HttpWorkload.Get($"{options.ApiUrl}/api/v1/objects/people/records/{hotIds[(int)(s % hotIds.Count)]:D}"));

    public IWorkload Query(int c, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return Http(c, options.Key, _ => HttpWorkload.Post(options.ApiUrl + "/api/v1/objects/people/records/query", bytes));
    }

    /// <summary>50 people after the first <paramref name="depth"/> of the list (newest first), by offset: PostgreSQL walks past all of those first.</summary>
    public IWorkload DeepPageByOffset(int c, int depth) =>
        Http(c, options.Key, _ => HttpWorkload.Get($"{options.ApiUrl}/api/v1/objects/people/records?limit=50&offset={depth}"));

    /// <summary>The same page by the cursor of the page that ends at person <c>depth</c>: an index scan from there.</summary>
    public IWorkload DeepPageByCursor(int c, string cursor) =>
        Http(c, options.Key, _ => HttpWorkload.Get($"{options.ApiUrl}/api/v1/objects/people/records?limit=50&cursor={Uri.EscapeDataString(cursor)}"));

    public IWorkload Search(int c) =>
        Http(c, options.Key, s => HttpWorkload.Get($"{options.ApiUrl}/api/v1/search?q={Uri.EscapeDataString(SearchTerms[(int)(s % SearchTerms.Length)])}"));

    public IWorkload Create(int c) =>
        Http(c, options.Key, _ => HttpWorkload.Post(options.ApiUrl + "/api/v1/objects/people/records",
            Encoding.UTF8.GetBytes(new JsonObject { ["values"] = NextPerson() }.ToJsonString())));

    public IWorkload Import(int c) =>
        Http(c, options.Key, _ => HttpWorkload.Post(options.ApiUrl + "/api/v1/objects/people/records/import",
            Encoding.UTF8.GetBytes(new JsonObject { ["rows"] = new JsonArray([.. Enumerable.Range(0, options.Batch).Select(_ => (JsonNode)NextPerson())]) }.ToJsonString())));

    /// <summary>The baseline of create: one single-row JSONB insert into a similar table, nothing else.</summary>
    public IWorkload RawInsert(int c) => new DbWorkload(options.ConnectionString, c, async (db, _) =>
    {
        var values = NextPerson().ToJsonString();
        await using var command = db.CreateCommand("INSERT INTO bench_raw (id, workspace_id, values) VALUES ($1, $2, $3::jsonb)");
        command.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
        command.Parameters.Add(new NpgsqlParameter { Value = workspaceId });
        command.Parameters.Add(new NpgsqlParameter { Value = values });
        await command.ExecuteNonQueryAsync();
    });

    /// <summary>The baseline of import: the same number of rows in one set-based insert (unnest), as the importer writes records.</summary>
    public IWorkload RawBulkInsert(int c) => new DbWorkload(options.ConnectionString, c, async (db, _) =>
    {
        var rows = Enumerable.Range(0, options.Batch).Select(_ => NextPerson().ToJsonString()).ToArray();
        await using var command = db.CreateCommand(
            "INSERT INTO bench_raw (id, workspace_id, values) SELECT id, $2, v::jsonb FROM unnest($1::uuid[], $3::text[]) AS u(id, v)");
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(_ => Guid.CreateVersion7()).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = workspaceId });
        command.Parameters.Add(new NpgsqlParameter { Value = rows });
        await command.ExecuteNonQueryAsync();
    });

    private JsonObject NextPerson()
    {
        var tag = _runTag + Interlocked.Increment(ref _unique).ToString(System.Globalization.CultureInfo.InvariantCulture);
        lock (_generatorLock)
        {
            return generator.PersonRow(tag);
        }
    }

    private HttpWorkload Http(int c, string? key, Func<long, HttpRequestMessage> request) => new(c, key, request, options.Timeout);
}
