using Juxa.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Juxa.Tests.Unit;

/// <summary>The data source's pooling and statement settings, and that a connection string can still override them.</summary>
public sealed class DataSourceSettingsTests
{
    [Fact]
    public void Statements_are_auto_prepared_with_custom_plans_and_no_reset_on_close()
    {
        var settings = Settings("Host=127.0.0.1;Database=juxa;Username=juxa");

        Assert.Equal(256, settings.MaxAutoPrepare);
        Assert.Equal(2, settings.AutoPrepareMinUsages);
        Assert.Equal("-c plan_cache_mode=force_custom_plan", settings.Options);
        Assert.True(settings.NoResetOnClose);
    }

    [Theory]
    [InlineData("Max Auto Prepare=0")]
    [InlineData("MaxAutoPrepare=0")]
    public void A_connection_string_that_sets_auto_prepare_keeps_its_own_setting(string setting)
    {
        var settings = Settings($"Host=127.0.0.1;Database=juxa;Username=juxa;{setting}");

        Assert.Equal(0, settings.MaxAutoPrepare);
        Assert.True(string.IsNullOrEmpty(settings.Options));
    }

    private static NpgsqlConnectionStringBuilder Settings(string connectionString)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Juxa"] = connectionString })
            .Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddJuxaData().BuildServiceProvider();
        return new NpgsqlConnectionStringBuilder(services.GetRequiredService<NpgsqlDataSource>().ConnectionString);
    }
}
