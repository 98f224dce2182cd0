using System.Data.Common;
using Juxa.ApiKeys;
using Juxa.Apps;
using Juxa.Database;
using Juxa.Identity;
using Juxa.Llm;
using Juxa.Missions;
using Juxa.Notes;
using Juxa.Notifications;
using Juxa.Tasks;
using Juxa.Records;
using Juxa.Records.Query;
using Juxa.Schema;
using Juxa.Workspaces;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Juxa.Hosting;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// The PostgreSQL data source, the repositories over it, and the start-up work that
    /// migrates and bootstraps the database. Call before adding Orleans, so that the database
    /// is ready before the silo or client starts.
    /// </summary>
    public static IServiceCollection AddJuxaData(this IServiceCollection services)
    {
        services.AddSingleton(sp => CreateDataSource(sp.GetRequiredService<IConfiguration>()));
        services.TryAddSingleton<TimeProvider>(new MicrosecondClock());
        services.TryAddSingleton<IPasswordHasher<UserInfo>, PasswordHasher<UserInfo>>();
        services.AddSingleton(sp => BootstrapOptions.FromConfiguration(sp.GetRequiredService<IConfiguration>()));

        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<Bootstrapper>();
        services.AddHostedService<DatabaseInitializer>();

        services.AddSingleton<ApiKeyRepository>();
        services.AddSingleton<WorkspaceRepository>();
        services.AddSingleton<UserRepository>();
        services.AddSingleton<MemberRepository>();
        services.AddSingleton<SessionRepository>();
        services.AddSingleton<AccountService>();

        services.AddSingleton<SchemaRepository>();
        services.AddSingleton<SchemaCache>();
        services.AddSingleton<AttributeIndexes>();
        services.AddSingleton<RecordRepository>();
        services.AddSingleton<RecordSearch>();
        services.AddSingleton<RecordWriter>();
        services.AddSingleton<LocalRecordViews>();
        services.AddSingleton<RecordImporter>();
        services.AddSingleton<RecordAsserter>();
        // API handlers (co-hosted or client mode) and grains alike push changes to hub clients.
        services.AddJuxaRealtimePublisher();
        services.AddSingleton<NotificationRepository>();
        services.AddSingleton<Juxa.Lists.ListRepository>();
        services.AddSingleton<Juxa.Lists.ListAttributeRepository>();
        services.AddSingleton<Juxa.Lists.ListEntryRepository>();
        services.AddSingleton<NoteRepository>();
        services.AddSingleton<TaskRepository>();
        services.AddSingleton<MembershipService>();
        services.AddJuxaLlm();
        services.AddSingleton<Juxa.Chat.Tools.CrmToolHandlers>();
        services.AddSingleton<Juxa.Chat.Tools.CrmTools>();
        services.AddJuxaApps();
        services.AddJuxaMissions();
        return services;
    }

    private static NpgsqlDataSource CreateDataSource(IConfiguration configuration)
    {
        var connectionString = OrleansHostingExtensions.JuxaConnectionString(configuration);
        var builder = new NpgsqlDataSourceBuilder(connectionString) { Name = "juxa" };
        // Juxa leaves no session state on a pooled connection (no SET, temporary tables or LISTEN; the migration
        // runner releases its advisory lock), so the DISCARD ALL that Npgsql sends on every reuse is pure cost.
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        // Statements run twice are prepared on their connection, so a record write's batch skips parsing each of its
        // five statements. Juxa changes no table at run time (migrations run before the host serves), so a prepared
        // statement never outlives the shape of its table. Plans stay custom: a generic plan for a query or search
        // would be chosen without seeing the filter's values, and a LIKE pattern's selectivity decides the plan.
        // A connection string that sets Max Auto Prepare itself (0 behind a transaction-pooling PgBouncer) wins.
        if (!SetsAutoPrepare(connectionString))
        {
            var connection = builder.ConnectionStringBuilder;
            connection.MaxAutoPrepare = 256;
            connection.AutoPrepareMinUsages = 2;
            connection.Options = $"{connection.Options} -c plan_cache_mode=force_custom_plan".Trim();
        }

        return builder.Build();
    }

    private static bool SetsAutoPrepare(string connectionString) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase));
}
