using Xunit.Abstractions;

namespace Juxa.Cluster.Tests.Infrastructure;

/// <summary>
/// What a fault test measured (recovery gaps, overshoot, …): written to the test's output, and appended
/// to the file named by <c>JUXA_CLUSTER_REPORT</c> when set, which ./test.sh prints after the run.
/// </summary>
public static class Measurements
{
    public const string ReportVariable = "JUXA_CLUSTER_REPORT";

    private static readonly Lock FileLock = new();

    public static void Report(ITestOutputHelper output, string test, string line)
    {
        var text = $"{test}: {line}";
        output.WriteLine(text);
        if (Environment.GetEnvironmentVariable(ReportVariable) is { Length: > 0 } path)
        {
            lock (FileLock)
            {
                File.AppendAllText(path, text + Environment.NewLine);
            }
        }
    }

    public static string Seconds(TimeSpan t) => $"{t.TotalSeconds:0.0} s";
}
