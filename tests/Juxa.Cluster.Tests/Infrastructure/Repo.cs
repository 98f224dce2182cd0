using System.Reflection;

namespace Juxa.Cluster.Tests.Infrastructure;

/// <summary>Where the repository is, and which build of it these tests belong to.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration this assembly was built in: the silo and API dlls of the same build are started.</summary>
    public static string Configuration { get; } =
        typeof(Repo).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Juxa.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Juxa.sln not found above {AppContext.BaseDirectory}.");
    }
}
