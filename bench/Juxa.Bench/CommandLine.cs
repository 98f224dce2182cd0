using System.Globalization;

namespace Juxa.Bench;

/// <summary>A bad command line: reported with the usage text, exit status 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary><c>--name value</c> options and <c>--flag</c> switches, nothing more.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var line = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length < 3)
            {
                throw new UsageException($"unexpected argument '{arg}'");
            }

            var name = arg[2..];
            string? value = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }

            line._options[name] = value;
        }

        return line;
    }

    public string? String(string name)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var value) ? value ?? throw new UsageException($"--{name} needs a value") : null;
    }

    public string Required(string name) => String(name) ?? throw new UsageException($"--{name} is required");

    public double Double(string name, double fallback, double min)
    {
        var text = String(name);
        if (text is null)
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min)
        {
            throw new UsageException($"--{name} must be a number >= {min.ToString(CultureInfo.InvariantCulture)}, got '{text}'");
        }

        return value;
    }

    public int Int(string name, int fallback, int min) => (int)Math.Round(Double(name, fallback, min));

    /// <summary>Fails on options nobody asked for (typos would otherwise be silently ignored).</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
        }
    }
}
