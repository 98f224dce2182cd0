using System.Diagnostics;
using System.Text;

namespace Juxa.Cluster.Tests.Infrastructure;

/// <summary>Runs the repository's shell scripts (cluster.sh, pg.sh) and returns their output, failing loudly.</summary>
public static class Shell
{
    public static async Task<string> RunAsync(string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {script}.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} {string.Join(' ', start.ArgumentList.Skip(1))} took more than {timeout}:\n{Text(output)}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} {string.Join(' ', start.ArgumentList.Skip(1))} exited with {process.ExitCode}:\n{Text(output)}");
        }

        return Text(output);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
