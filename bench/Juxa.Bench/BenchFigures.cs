using System.Globalization;

namespace Juxa.Bench;

/// <summary>What every bench report computes and records the same way: percentiles and the machine's load.</summary>
public static class BenchFigures
{
    /// <summary>Nearest-rank percentile of values sorted ascending; p 0 is the minimum. NaN when empty.</summary>
    public static double NearestRank(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The 1-, 5- and 15-minute load averages from /proc/loadavg, or "?" where there is none.</summary>
    public static string LoadAverages()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>
    /// A bench program's entry point: a <see cref="UsageException"/> prints the message and the usage text and
    /// exits 2, any other failure prints the error and exits 1; otherwise <paramref name="run"/>'s exit status.
    /// </summary>
    public static async Task<int> MainAsync<TOptions>(string name, string usage, Func<TOptions> parse, Func<TOptions, Task<int>> run)
    {
        TOptions options;
        try
        {
            options = parse();
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {e.Message}\n{usage}"));
            return 2;
        }

        try
        {
            return await run(options);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"{name}: error: {e}");
            return 1;
        }
    }
}
