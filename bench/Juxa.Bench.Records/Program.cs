using Juxa.Bench;
using Juxa.Bench.Records;

// juxa-bench-records suite [options]    seed through the import endpoint, then run every A/B/A measurement (runs.jsonl)
// juxa-bench-records report [options]   turn runs.jsonl into the markdown report
// bench/run-records.sh starts PostgreSQL, the API and the baseline app, and runs both.
try
{
    return args switch
    {
        ["suite", ..] => await Suite.RunAsync(CommandLine.Parse(args[1..])),
        ["report", ..] => RecordsReport.Run(CommandLine.Parse(args[1..])),
        _ => throw new UsageException("expected a command: suite or report"),
    };
}
catch (UsageException e)
{
    Console.Error.WriteLine($"juxa-bench-records: {e.Message}");
    Console.Error.WriteLine(Suite.Usage);
    return 2;
}
