using Juxa.Bench;

// juxa-bench [load options]        run one closed-loop load test, print one JSON line
// juxa-bench report [options]      turn run-limiter.sh's runs.jsonl into the markdown report
try
{
    return args is ["report", ..]
        ? LimiterReport.Run(CommandLine.Parse(args[1..]))
        : await LoadCommand.RunAsync(CommandLine.Parse(args));
}
catch (UsageException e)
{
    Console.Error.WriteLine($"juxa-bench: {e.Message}");
    Console.Error.WriteLine(LoadCommand.Usage);
    return 2;
}
