using Juxa.Handoffs;
using Microsoft.Extensions.DependencyInjection;

namespace Juxa.Apps;

public static class AppsServiceCollectionExtensions
{
    /// <summary>Handoffs, the entitlement, the app catalog, installations, embed tokens and their purge.</summary>
    public static IServiceCollection AddJuxaApps(this IServiceCollection services)
    {
        services.AddOptions<HandoffOptions>().BindConfiguration(HandoffOptions.Section);
        services.AddOptions<AppsOptions>().BindConfiguration(AppsOptions.Section);
        services.AddSingleton<HandoffRepository>();
        services.AddSingleton<EntitlementRepository>();
        services.AddSingleton<AppRepository>();
        services.AddSingleton<InstallationRepository>();
        services.AddSingleton<EmbedTokenRepository>();
        services.AddSingleton<AppUsageRepository>();
        services.AddSingleton<OsintResearcher>();
        services.AddSingleton<ExpiredTokenPurger>();
        services.AddHostedService(sp => sp.GetRequiredService<ExpiredTokenPurger>());
        return services;
    }
}
