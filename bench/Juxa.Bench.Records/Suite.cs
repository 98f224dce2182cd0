using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Juxa.Bench;
using Npgsql;

namespace Juxa.Bench.Records;

public sealed record SuiteOptions(
    string ApiUrl, string BaselineUrl, string Key, string ConnectionString, int People, int Companies, int Batch, int Runs,
    TimeSpan Duration, TimeSpan Warmup, TimeSpan Prime, int[] Concurrency, int Imports, TimeSpan Timeout, string Output, string? PlansOutput,
    string? PgLog, int HotIds, int Seed);

/// <summary>
/// The whole records benchmark against a running API, baseline app and PostgreSQL (bench/run-records.sh
/// starts them): seed through the import endpoint (timing every 1000-row import), VACUUM ANALYZE,
/// reads (A/B/A: each measured request between two baseline runs of <c>GET /ping</c>), the query plans
/// (auto_explain, if the server has it loaded and <c>--pg-log</c> is given), then writes (create vs a raw
/// Npgsql insert, import vs a raw 1000-row insert, A/B/A). Every figure is a JSON line in <c>--output</c>.
/// </summary>
public sealed class Suite(SuiteOptions options)
{
    private readonly StreamWriter _out = new(options.Output, append: false) { AutoFlush = true };
    private readonly DataGenerator _generator = new(options.Seed);
    private int _seq;

    public const string Usage =
        """
        usage: juxa-bench-records suite --api URL --baseline URL --key oc_sk_... --pg CONNSTRING --output runs.jsonl
                 [--people 100000] [--companies 2000] [--batch 1000] [--runs 3] [--duration 8] [--warmup 2] [--prime 5]
                 [--concurrency 1,8] [--imports 5] [--hot-ids 1000] [--timeout 60] [--plans FILE] [--pg-log server.log] [--seed 42]
               juxa-bench-records report --input runs.jsonl --output FILE.md [--command TEXT] [--source TEXT] [--plans-file NAME]
        """;

    public static async Task<int> RunAsync(CommandLine args)
    {
        var options = new SuiteOptions(
            args.Required("api").TrimEnd('/'), args.Required("baseline").TrimEnd('/'), args.Required("key"), args.Required("pg"),
            args.Int("people", 100_000, 1), args.Int("companies", 2000, 1), args.Int("batch", 1000, 1), args.Int("runs", 3, 1),
            TimeSpan.FromSeconds(args.Double("duration", 8, 0.5)), TimeSpan.FromSeconds(args.Double("warmup", 2, 0)),
            TimeSpan.FromSeconds(args.Double("prime", 5, 0)),
            (args.String("concurrency") ?? "1,8").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray(),
            args.Int("imports", 5, 1), TimeSpan.FromSeconds(args.Double("timeout", 60, 1)), args.Required("output"), args.String("plans"),
            args.String("pg-log"), args.Int("hot-ids", 1000, 1), args.Int("seed", 42, 0));
        args.RejectUnknown();
        var suite = new Suite(options);
        await using (suite._out)
        {
            return await suite.RunAsync();
        }
    }

    private async Task<int> RunAsync()
    {
        Info("started", new JsonObject
        {
            ["utc"] = DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture),
            ["options"] = JsonSerializer.SerializeToNode(options with { Key = "(redacted)" }, Json.Options),
            ["loadavg"] = LoadAverage.Read(),
        });
        await using var db = NpgsqlDataSource.Create(options.ConnectionString);
        var workspaceId = await ScalarAsync<Guid>(db, "SELECT id FROM workspaces ORDER BY created_at LIMIT 1");
        Info("postgres", new JsonObject { ["version"] = await ScalarAsync<string>(db, "SHOW server_version") });

        var peopleIds = await SeedAsync();
        var indexed = new JsonObject();
        foreach (var slug in Workloads.IndexedPeopleAttributes)
        {
            indexed["people." + slug] = Math.Round(await IndexAttributeAsync("people", slug), 1);
        }

        Info("indexed", indexed);

        await ExecuteAsync(db, "VACUUM ANALYZE");
        await ExecuteAsync(db, Workloads.RawTableSql);
        await DescribeDataAsync(db);

        // Spread over the whole table, so that the hot set is not only the last batch's pages.
        var step = Math.Max(1, peopleIds.Count / options.HotIds);
        var hot = Enumerable.Range(0, Math.Min(options.HotIds, peopleIds.Count)).Select(i => peopleIds[i * step]).ToList();
        var work = new Workloads(options, workspaceId, hot, _generator);
        await CheckReadsAsync(work);

        // ---- Reads: A/B/A with GET /ping as A. ----
        var reads = new (string Name, Func<int, IWorkload> Make)[]
        {
            ("get", work.GetRecord),
            (Workloads.Queries[0].Name, c => work.Query(c, Workloads.Queries[0].Body)),
            (Workloads.Queries[1].Name, c => work.Query(c, Workloads.Queries[1].Body)),
            ("search", work.Search),
        };
        Say("priming the read path…");
        foreach (var (name, make) in reads.Prepend(("ping", work.Ping)))
        {
            await PrimeAsync(name, make, options.Concurrency.Max());
        }

        for (var run = 1; run <= options.Runs; run++)
        {
            foreach (var c in options.Concurrency)
            {
                await MeasureAsync("reads", run, c, "ping", "A", work.Ping(c));
                foreach (var (name, make) in reads)
                {
                    await MeasureAsync("reads", run, c, name, "B", make(c));
                    await MeasureAsync("reads", run, c, "ping", "A", work.Ping(c));
                }
            }
        }

        // ---- Deep pages: the same 50 people 90 % down the list, by cursor (B) between two by offset (A), one at a time. ----
        var depth = Math.Max(1, peopleIds.Count * 9 / 10);
        var cursor = await DeepPageCursorAsync(depth);
        for (var run = 1; run <= options.Runs; run++)
        {
            await MeasureAsync("pages", run, 1, "offset", "A", work.DeepPageByOffset(1, depth));
            await MeasureAsync("pages", run, 1, "cursor", "B", work.DeepPageByCursor(1, cursor));
            await MeasureAsync("pages", run, 1, "offset", "A", work.DeepPageByOffset(1, depth));
        }

        if (options.PlansOutput is not null)
        {
            await CapturePlansAsync(db, work);
        }

        // ---- Writes: create vs raw insert, import vs raw bulk insert (A/B/A). They add rows, so they come last. ----
        Say("priming the write path…");
        await PrimeAsync("raw-insert", work.RawInsert, options.Concurrency.Max());
        await PrimeAsync("create", work.Create, options.Concurrency.Max());
        for (var run = 1; run <= options.Runs; run++)
        {
            foreach (var c in options.Concurrency)
            {
                await MeasureAsync("writes", run, c, "raw-insert", "A", work.RawInsert(c));
                await MeasureAsync("writes", run, c, "create", "B", work.Create(c));
                await MeasureAsync("writes", run, c, "raw-insert", "A", work.RawInsert(c));
            }
        }

        for (var run = 1; run <= options.Runs; run++)
        {
            await MeasureCountAsync(run, "raw-bulk-insert", "A", work.RawBulkInsert(1));
            await MeasureCountAsync(run, "import", "B", work.Import(1));
            await MeasureCountAsync(run, "raw-bulk-insert", "A", work.RawBulkInsert(1));
        }

        Info("finished", new JsonObject
        {
            ["utc"] = DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture),
            ["loadavg"] = LoadAverage.Read(),
            ["records"] = await ScalarAsync<long>(db, "SELECT count(*) FROM records"),
        });
        return 0;
    }

    /// <summary>Companies, then people, through the import endpoint in batches; every import timed. Returns the people's ids.</summary>
    private async Task<List<Guid>> SeedAsync()
    {
        using var client = Client(1);
        var companies = new List<Guid>();
        for (var first = 0; first < options.Companies; first += options.Batch)
        {
            var count = Math.Min(options.Batch, options.Companies - first);
            var rows = Enumerable.Range(first, count).Select(i => (JsonNode)_generator.CompanyRow(i)).ToArray();
            var ids = await ImportBatchAsync(client, "companies", first / options.Batch, rows);
            _generator.Companies.AddRange(ids.Select((id, i) => (id, DataGenerator.Company(first + i).Domain)));
            companies.AddRange(ids);
        }

        Say($"imported {companies.Count} companies; importing {options.People} people in batches of {options.Batch}…");
        var people = new List<Guid>(options.People);
        for (var first = 0; first < options.People; first += options.Batch)
        {
            var count = Math.Min(options.Batch, options.People - first);
            var rows = Enumerable.Range(0, count).Select(_ => (JsonNode)_generator.PersonRow()).ToArray();
            people.AddRange(await ImportBatchAsync(client, "people", first / options.Batch, rows));
            if ((first / options.Batch + 1) % 10 == 0)
            {
                Say($"  {people.Count} people");
            }
        }

        return people;
    }

    /// <summary>Sets <c>isIndexed</c> on an attribute through the API, as an operator would; returns how long the call took (ms).</summary>
    private async Task<double> IndexAttributeAsync(string obj, string slug)
    {
        using var client = Client(1);
        var attributes = JsonNode.Parse(await client.GetStringAsync($"{options.ApiUrl}/api/v1/objects/{obj}/attributes"))!["data"]!.AsArray();
        var id = attributes.First(a => a!["slug"]!.GetValue<string>() == slug)!["id"]!.GetValue<string>();
        var body = Encoding.UTF8.GetBytes(new JsonObject { ["attributeId"] = id, ["isIndexed"] = true }.ToJsonString());
        var t0 = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"{options.ApiUrl}/api/v1/objects/{obj}/attributes")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        });
        var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"indexing {obj}.{slug} answered {(int)response.StatusCode}: {Cut(await response.Content.ReadAsStringAsync())}");
        }

        Say($"indexed {obj}.{slug} in {ms:F0} ms");
        return ms;
    }

    private async Task<List<Guid>> ImportBatchAsync(HttpClient client, string slug, int batch, JsonNode[] rows)
    {
        var body = Encoding.UTF8.GetBytes(new JsonObject { ["rows"] = new JsonArray(rows) }.ToJsonString());
        var loadavg = LoadAverage.Read();
        var t0 = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(HttpWorkload.Post($"{options.ApiUrl}/api/v1/objects/{slug}/records/import", body));
        var text = await response.Content.ReadAsStringAsync();
        var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"import of {slug} batch {batch} answered {(int)response.StatusCode}: {Cut(text)}");
        }

        var data = JsonNode.Parse(text)!["data"]!;
        var created = data["createdIds"]!.AsArray().Select(n => Guid.Parse(n!.GetValue<string>())).ToList();
        var failed = data["failed"]!.AsArray();
        Write(new JsonObject
        {
            ["phase"] = "seed", ["measure"] = "import-" + slug, ["batch"] = batch, ["rows"] = rows.Length, ["ms"] = Math.Round(ms, 1),
            ["created"] = created.Count, ["failed"] = failed.Count, ["loadavg"] = loadavg, ["body_bytes"] = body.Length,
        });
        if (failed.Count > 0)
        {
            throw new InvalidOperationException($"import of {slug} batch {batch}: {failed.Count} row(s) failed, e.g. {Cut(failed[0]!.ToJsonString())}");
        }

        return created;
    }

    private async Task DescribeDataAsync(NpgsqlDataSource db)
    {
        var info = new JsonObject
        {
            ["records"] = await ScalarAsync<long>(db, "SELECT count(*) FROM records"),
            ["people"] = await ScalarAsync<long>(db, "SELECT count(*) FROM records r JOIN objects o ON o.id = r.object_id WHERE o.slug = 'people'"),
            ["records_table_mb"] = await ScalarAsync<decimal>(db, "SELECT round(pg_table_size('records') / 1048576.0, 1)"),
            ["records_indexes_mb"] = await ScalarAsync<decimal>(db, "SELECT round(pg_indexes_size('records') / 1048576.0, 1)"),
            ["shared_buffers"] = await ScalarAsync<string>(db, "SHOW shared_buffers"),
        };
        foreach (var term in Workloads.SearchTerms)
        {
            info["search_matches_" + term] = await ScalarAsync<long>(db, $"SELECT count(*) FROM records WHERE search_text LIKE '%{term}%'");
        }

        Info("data", info);
    }

    /// <summary>Every read answers 200 with something in it before anything is measured; records the query totals.</summary>
    private async Task CheckReadsAsync(Workloads work)
    {
        using var client = Client(1);
        var totals = new JsonObject();
        foreach (var (name, body) in Workloads.Queries)
        {
            using var response = await client.SendAsync(HttpWorkload.Post(options.ApiUrl + "/api/v1/objects/people/records/query", Encoding.UTF8.GetBytes(body)));
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{name} answered {(int)response.StatusCode}: {Cut(text)}");
            }

            var data = JsonNode.Parse(text)!["data"]!;
            totals[name + "_total"] = data["pagination"]!["total"]!.GetValue<long>();
            totals[name + "_returned"] = data["records"]!.AsArray().Count;
        }

        foreach (var term in Workloads.SearchTerms)
        {
            using var response = await client.GetAsync($"{options.ApiUrl}/api/v1/search?q={term}");
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"search {term} answered {(int)response.StatusCode}: {Cut(text)}");
            }

            totals["search_" + term + "_returned"] = JsonNode.Parse(text)!["data"]!["results"]!.AsArray().Count;
        }

        await using (var get = work.GetRecord(1))
        {
            var status = await get.ExecuteAsync(0, CancellationToken.None);
            if (status != 200)
            {
                throw new InvalidOperationException($"GET of a seeded person answered {status}");
            }
        }

        Info("selectivity", totals);
    }

    /// <summary>The cursor after person <paramref name="depth"/> of the list, checked to give the same page as the offset.</summary>
    private async Task<string> DeepPageCursorAsync(int depth)
    {
        using var client = Client(1);
        var list = $"{options.ApiUrl}/api/v1/objects/people/records";
        var before = await DataAsync(client, $"{list}?limit=1&offset={depth - 1}");
        var cursor = before["pagination"]!["nextCursor"]!.GetValue<string>();
        var byOffset = Ids(await DataAsync(client, $"{list}?limit=50&offset={depth}"));
        var byCursor = Ids(await DataAsync(client, $"{list}?limit=50&cursor={Uri.EscapeDataString(cursor)}"));
        if (byOffset.Count != 50 || !byOffset.SequenceEqual(byCursor))
        {
            throw new InvalidOperationException($"the page after person {depth} differs by offset ({byOffset.Count} records) and by cursor ({byCursor.Count})");
        }

        Info("deep-page", new JsonObject { ["depth"] = depth, ["cursor_length"] = cursor.Length });
        return cursor;

        static List<string> Ids(JsonNode data) => data["records"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ToList();

        static async Task<JsonNode> DataAsync(HttpClient client, string url)
        {
            using var response = await client.GetAsync(url);
            var text = await response.Content.ReadAsStringAsync();
            return response.IsSuccessStatusCode
                ? JsonNode.Parse(text)!["data"]!
                : throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {Cut(text)}");
        }
    }

    private async Task PrimeAsync(string name, Func<int, IWorkload> make, int c)
    {
        if (options.Prime <= TimeSpan.Zero)
        {
            return;
        }

        await using var workload = make(c);
        var m = await LoadRunner.RunAsync(workload, c, TimeSpan.Zero, options.Prime, options.Timeout);
        Say($"  primed {name}: {m.Summary()}");
    }

    private async Task MeasureAsync(string phase, int run, int c, string measure, string role, IWorkload workload)
    {
        await using (workload)
        {
            var m = await LoadRunner.RunAsync(workload, c, options.Warmup, options.Duration, options.Timeout);
            Record(phase, run, measure, role, m);
        }
    }

    private async Task MeasureCountAsync(int run, string measure, string role, IWorkload workload)
    {
        await using (workload)
        {
            var m = await LoadRunner.RunCountAsync(workload, 1, warmupCount: 1, options.Imports, options.Timeout);
            Record("imports", run, measure, role, m);
        }
    }

    private void Record(string phase, int run, string measure, string role, Measurement m)
    {
        _seq++;
        Say($"[{_seq}] {phase} run {run} {measure} ({role}) {m.Summary()}");
        Write(new JsonObject
        {
            ["phase"] = phase, ["run"] = run, ["seq"] = _seq, ["measure"] = measure, ["role"] = role, ["c"] = m.Concurrency,
            ["result"] = JsonSerializer.SerializeToNode(m, Json.Options),
        });
    }

    /// <summary>
    /// EXPLAIN (ANALYZE, BUFFERS) of exactly what the API runs, from auto_explain: it is turned on for the whole
    /// server (ALTER SYSTEM + reload), one request of each kind is sent between two marker statements, and the
    /// plans logged between the markers are cut out of the server log.
    /// </summary>
    private async Task CapturePlansAsync(NpgsqlDataSource db, Workloads work)
    {
        if (options.PgLog is null || !File.Exists(options.PgLog))
        {
            Say("no --pg-log: query plans not captured");
            return;
        }

        var loaded = await ScalarAsync<string>(db, "SHOW shared_preload_libraries");
        if (!loaded.Contains("auto_explain", StringComparison.Ordinal))
        {
            Say("auto_explain is not loaded: query plans not captured");
            return;
        }

        string[] settings =
        [
            "auto_explain.log_min_duration = 0", "auto_explain.log_analyze = on", "auto_explain.log_buffers = on",
            "auto_explain.log_timing = on", "auto_explain.log_verbose = off", "log_min_duration_statement = 0",
        ];
        var targets = new List<(string Name, IWorkload Workload)>
        {
            (Workloads.Queries[0].Name, work.Query(1, Workloads.Queries[0].Body)),
            (Workloads.Queries[1].Name, work.Query(1, Workloads.Queries[1].Body)),
        };
        // The broadest term of each kind: a common first-name prefix, a fuzzy-heavy one, a last-name prefix.
        targets.AddRange(new[] { "joh", "mart", "smit" }.Select(t => ("search-" + t, (IWorkload)new HttpWorkload(1, options.Key,
            _ => HttpWorkload.Get($"{options.ApiUrl}/api/v1/search?q={t}"), options.Timeout))));
        var start = new FileInfo(options.PgLog).Length;
        try
        {
            foreach (var s in settings)
            {
                await ExecuteAsync(db, "ALTER SYSTEM SET " + s);
            }

            await ExecuteAsync(db, "SELECT pg_reload_conf()");
            await Task.Delay(1000);
            foreach (var (name, workload) in targets)
            {
                await using (workload)
                {
                    await workload.ExecuteAsync(0, CancellationToken.None);
                    await ExecuteAsync(db, $"SELECT 'juxa-plan-begin {name}'");
                    var status = await workload.ExecuteAsync(1, CancellationToken.None);
                    await ExecuteAsync(db, $"SELECT 'juxa-plan-end {name}'");
                    Say($"  plan of {name} captured (HTTP {status})");
                }
            }
        }
        finally
        {
            foreach (var s in settings)
            {
                await ExecuteAsync(db, "ALTER SYSTEM RESET " + s.Split(' ')[0]);
            }

            await ExecuteAsync(db, "SELECT pg_reload_conf()");
        }

        await Task.Delay(500);
        string log;
        await using (var stream = new FileStream(options.PgLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            stream.Seek(start, SeekOrigin.Begin);
            log = await new StreamReader(stream).ReadToEndAsync();
        }

        // Log entries: a line with the prefix (timestamp, pid, level), then its tab-indented continuation lines.
        var entries = new List<string>();
        foreach (var line in log.Split('\n'))
        {
            if (entries.Count == 0 || (line.Length > 0 && line[0] != '\t' && line[0] != ' '))
            {
                entries.Add(line);
            }
            else
            {
                entries[^1] += "\n" + line;
            }
        }

        var text = new StringBuilder();
        foreach (var (name, _) in targets)
        {
            var end = entries.FindIndex(e => e.Contains($"juxa-plan-end {name}'", StringComparison.Ordinal));
            var begin = end < 0 ? -1 : entries.FindLastIndex(end, e => e.Contains($"juxa-plan-begin {name}'", StringComparison.Ordinal));
            // The plans (auto_explain) and each statement's execute line with its parameters; not the parse/bind
            // lines that log_min_duration_statement also writes, nor Npgsql's DISCARD ALL of a connection taken from the pool.
            var between = new List<string>();
            var skipped = false;
            for (var i = begin + 1; begin >= 0 && i < end; i++)
            {
                var e = entries[i];
                if (e.Contains(" parse <unnamed>", StringComparison.Ordinal) || e.Contains(" bind <unnamed>", StringComparison.Ordinal)
                    || e.Contains("DISCARD ALL", StringComparison.Ordinal) || (skipped && e.Contains(" DETAIL: ", StringComparison.Ordinal)))
                {
                    skipped = true;
                    continue;
                }

                skipped = false;
                between.Add(e);
            }

            text.Append(CultureInfo.InvariantCulture, $"## {name}\n\n```\n{(between.Count == 0 ? "(not found in the server log)" : string.Join("\n", between).TrimEnd())}\n```\n\n");
        }

        await File.WriteAllTextAsync(options.PlansOutput!, text.ToString());
        Say($"plans written to {options.PlansOutput}");
    }

    private HttpClient Client(int c)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = c, UseProxy = false }) { Timeout = options.Timeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Key);
        return client;
    }

    private void Info(string what, JsonObject data) => Write(new JsonObject { ["phase"] = "info", ["what"] = what, ["data"] = data });

    private void Write(JsonObject line) => _out.WriteLine(line.ToJsonString());

    private static void Say(string text) => Console.Error.WriteLine(text);

    private static string Cut(string text) => text.Length <= 400 ? text : text[..400] + "…";

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
