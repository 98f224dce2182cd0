using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Juxa.Database;

/// <summary>One versioned SQL script from deploy/sql, embedded in this assembly.</summary>
/// <param name="Version">The number that prefixes the file name; migrations apply in this order.</param>
/// <param name="Name">The path below deploy/sql, for logs and the migrations table.</param>
/// <param name="Sql">The script, run as one command inside one transaction.</param>
public sealed partial record Migration(int Version, string Name, string Sql)
{
    /// <summary>SHA-256 of the script: an applied migration that was edited afterwards is refused at start-up.</summary>
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));

    /// <summary>Every migration embedded in this assembly, in version order.</summary>
    public static IReadOnlyList<Migration> LoadEmbedded()
    {
        var assembly = typeof(Migration).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("migrations/", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Load(assembly, n))
            .OrderBy(m => m.Version)
            .ToList();

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
        }

        return migrations;
    }

    private static Migration Load(Assembly assembly, string resource)
    {
        var name = resource["migrations/".Length..];
        var match = VersionPrefix().Match(Path.GetFileName(name));
        if (!match.Success)
        {
            throw new InvalidOperationException($"Migration '{name}' must start with a version number, as in 0010_identity.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return new Migration(int.Parse(match.Groups[1].Value), name, reader.ReadToEnd());
    }

    [GeneratedRegex(@"^(\d+)_")]
    private static partial Regex VersionPrefix();
}
