using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Juxa.Apps;
using Juxa.Chat;
using Juxa.Handoffs;
using Juxa.Identity;
using Juxa.Llm;
using Juxa.Missions;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Juxa.Hosting;

/// <summary>
/// Checks the settings an operator sets (connection string, <c>Juxa:*</c>, the contract's environment names) before
/// the host is built, so that a typo fails the start with one line naming the setting, rather than with a stack trace
/// from deep in start-up, or not at all: a value that does not parse would otherwise throw from the configuration
/// binder (or, read with <c>GetValue</c>, from wherever it is first used), and an unknown key anywhere under
/// <c>Juxa:</c> (a misspelt <c>Juxa__Orleans__SiloPrt</c> or <c>Juxa__Auth__AttemptsPerMinut</c>) would be ignored while the
/// default quietly applies. Ranges come from the options classes' <see cref="RangeAttribute"/>s.
/// </summary>
public static class SettingsValidator
{
    /// <summary>The bound sections and their options classes.</summary>
    private static readonly (string Section, Type Options)[] Sections =
    [
        (JuxaOrleansOptions.Section, typeof(JuxaOrleansOptions)),
        (AppsOptions.Section, typeof(AppsOptions)),
        (HandoffOptions.Section, typeof(HandoffOptions)),
        (ChatSettings.Section, typeof(ChatSettings)),
        (MissionOptions.Section, typeof(MissionOptions)),
        (LlmOptions.Section, typeof(LlmOptions)),
    ];

    /// <summary>Settings read one by one (not through an options class), with the smallest value each accepts.</summary>
    private static readonly (string Key, Type Type, object Minimum)[] Scalars =
    [
        ("API_KEY_RATE_LIMIT_PER_MINUTE", typeof(int), 0),
        ("Juxa:Auth:AttemptsPerMinute", typeof(int), 0),
        ("Juxa:Http:MaxRequestBodyBytes", typeof(long), 1L),
        ("Juxa:Realtime:MaxConnectionsPerCredential", typeof(int), 0),
        ("Juxa:Realtime:CredentialCheckInterval", typeof(TimeSpan), TimeSpan.FromMilliseconds(1)),
    ];

    /// <summary>
    /// Settings directly under <c>Juxa:</c>: the base of handoff URLs (checked below), and <c>Home</c>, the configuration
    /// spelling of <c>JUXA_HOME</c> (<see cref="BootstrapOptions"/>).
    /// </summary>
    private static readonly string[] TopLevelKeys = ["PublicBaseUrl", "Home"];

    /// <summary>Throws <see cref="InvalidSettingsException"/> naming every bad setting; returns if there is none.</summary>
    public static void ThrowIfInvalid(IConfiguration configuration)
    {
        var problems = Problems(configuration);
        if (problems.Count > 0)
        {
            throw new InvalidSettingsException(problems);
        }
    }

    /// <summary>Every bad setting, one sentence each, in the order above; empty when all are good.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        var problems = new List<string>();
        CheckConnectionString(configuration, problems);
        foreach (var (section, type) in Sections)
        {
            CheckSection(configuration.GetSection(section), type, problems);
        }

        CheckUnknownKeys(configuration.GetSection("Juxa"), problems);

        foreach (var (key, type, minimum) in Scalars)
        {
            CheckScalar(configuration, key, type, minimum, problems);
        }

        var bootstrap = BootstrapOptions.FromConfiguration(configuration);
        if (bootstrap.ApiKeyProblem() is { } keyProblem)
        {
            problems.Add(keyProblem);
        }

        problems.AddRange(bootstrap.LoginProblems());

        if (configuration["Juxa:PublicBaseUrl"] is { Length: > 0 } baseUrl
            && !(Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            problems.Add($"{Name("Juxa:PublicBaseUrl")} must be an absolute http or https URL, not '{baseUrl}'.");
        }

        return problems;
    }

    /// <summary>A key with its environment spelling, which is how operators usually set it.</summary>
    private static string Name(string key) =>
        key.Contains(':', StringComparison.Ordinal) ? $"{key} (environment {key.Replace(":", "__", StringComparison.Ordinal)})" : key;

    private static void CheckConnectionString(IConfiguration configuration, List<string> problems)
    {
        var connectionString = configuration.GetConnectionString("Juxa");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            problems.Add($"{Name("ConnectionStrings:Juxa")} is not set: it is the PostgreSQL connection string (./run.sh sets it for its local PostgreSQL).");
            return;
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            // Npgsql's message names the keyword or position, never the value (which may hold a password).
            problems.Add($"{Name("ConnectionStrings:Juxa")} is not a valid PostgreSQL connection string: {e.Message}");
        }
    }

    private static void CheckSection(IConfigurationSection section, Type type, List<string> problems)
    {
        CheckKnownKeys(section, Settings(type), problems, type);

        // Each value on its own first, so that the message names the setting and what it takes.
        var unreadable = false;
        foreach (var property in type.GetProperties().Where(p => p.CanWrite && !IsNested(p.PropertyType)))
        {
            var child = section.GetSection(property.Name);
            if (!string.IsNullOrWhiteSpace(child.Value) && !Converts(child, property.PropertyType))
            {
                problems.Add($"{Name(child.Path)} must be {Describe(property.PropertyType)}, not '{child.Value}'.");
                unreadable = true;
            }
        }

        object options;
        try
        {
            options = section.Get(type) ?? Activator.CreateInstance(type)!;
        }
        catch (InvalidOperationException e)
        {
            // A nested section's value (Juxa:Llm:Credits:PromptPer1k): the binder's message names it.
            if (!unreadable)
            {
                problems.Add(e.Message);
            }

            return;
        }

        if (unreadable)
        {
            return;
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            problems.AddRange(results.Select(result =>
                $"{Name($"{section.Path}:{result.MemberNames.FirstOrDefault()}")}: {result.ErrorMessage}"));
        }
    }

    /// <summary>The keys a bound section takes: its options class's settable properties.</summary>
    private static string[] Settings(Type type) => type.GetProperties().Where(p => p.CanWrite).Select(p => p.Name).ToArray();

    /// <summary>
    /// Names every key of <paramref name="section"/> that is not one of <paramref name="names"/>, with what the section
    /// has; and, inside a known key whose property is an options class of its own (<c>Juxa:Llm:Credits</c>), its keys.
    /// </summary>
    private static void CheckKnownKeys(IConfigurationSection section, IReadOnlyCollection<string> names, List<string> problems, Type? type = null)
    {
        var known = names.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            if (!known.Contains(child.Key))
            {
                problems.Add($"{Name(child.Path)} is not a setting: {Name(section.Path)} has {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
            }
            else if (type?.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { } property
                && IsNested(property.PropertyType))
            {
                CheckKnownKeys(child, Settings(property.PropertyType), problems, property.PropertyType);
            }
        }
    }

    /// <summary>
    /// The keys under <c>Juxa:</c> that no bound section covers: a section nothing reads (a misspelt <c>Juxa__Handof__Ttl</c>)
    /// and the keys of the sections whose settings are read one by one (<see cref="Scalars"/>: a misspelt
    /// <c>Juxa__Auth__AttemptsPerMinut</c> would otherwise leave the default in force without a word).
    /// </summary>
    private static void CheckUnknownKeys(IConfigurationSection juxa, List<string> problems)
    {
        var scalarSections = Scalars
            .Select(scalar => scalar.Key.Split(':'))
            .Where(parts => parts is ["Juxa", _, _])
            .GroupBy(parts => parts[1], parts => parts[2], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.ToArray(), StringComparer.OrdinalIgnoreCase);
        var boundSections = Sections.Select(bound => bound.Section["Juxa:".Length..]).ToHashSet(StringComparer.OrdinalIgnoreCase);

        CheckKnownKeys(juxa, [.. boundSections, .. scalarSections.Keys, .. TopLevelKeys], problems);
        foreach (var (name, keys) in scalarSections)
        {
            CheckKnownKeys(juxa.GetSection(name), keys, problems);
        }
    }

    private static void CheckScalar(IConfiguration configuration, string key, Type type, object minimum, List<string> problems)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        if (!Converts(configuration.GetSection(key), type))
        {
            problems.Add($"{Name(key)} must be {Describe(type)}, not '{text}'.");
            return;
        }

        var value = configuration.GetValue(type, key)!;

        if (((IComparable)value).CompareTo(minimum) < 0)
        {
            problems.Add($"{Name(key)} must be at least {Convert.ToString(minimum, CultureInfo.InvariantCulture)}, not '{text}'.");
        }
    }

    /// <summary>An options class inside the section (Juxa:Llm:Credits), bound by the binder rather than as one value.</summary>
    private static bool IsNested(Type type) => type.IsClass && type != typeof(string);

    private static bool Converts(IConfigurationSection value, Type type)
    {
        try
        {
            value.Get(type);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>What a value of this type is written as, for the message.</summary>
    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(int) || type == typeof(long) => "a whole number",
            _ when type == typeof(decimal) || type == typeof(double) => "a number",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(TimeSpan) => "a duration such as 00:01:00 (hh:mm:ss)",
            { IsEnum: true } => $"one of {string.Join(", ", Enum.GetNames(type))}",
            _ => $"a {type.Name}",
        };
    }
}
