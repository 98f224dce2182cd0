using Juxa.Database;

namespace Juxa.Tests.Unit;

public sealed class MigrationTests
{
    [Fact]
    public void Embedded_migrations_have_unique_versions_in_order()
    {
        var migrations = Migration.LoadEmbedded();

        Assert.Equal(migrations.Select(m => m.Version).Order(), migrations.Select(m => m.Version));
        Assert.Equal(migrations.Count, migrations.Select(m => m.Version).Distinct().Count());
    }

    [Fact]
    public void The_orleans_schema_comes_before_the_crm_tables()
    {
        var names = Migration.LoadEmbedded().Select(m => m.Name).ToList();

        Assert.Equal(
            ["orleans/0001_orleans_main.sql", "orleans/0002_orleans_clustering.sql", "orleans/0003_orleans_persistence.sql", "orleans/0004_orleans_reminders.sql"],
            names.Take(4));
        Assert.Contains("crm/0010_identity.sql", names);
    }

    [Fact]
    public void A_checksum_changes_with_the_script()
    {
        Assert.NotEqual(new Migration(1, "a.sql", "SELECT 1").Checksum, new Migration(1, "a.sql", "SELECT 2").Checksum);
    }
}
