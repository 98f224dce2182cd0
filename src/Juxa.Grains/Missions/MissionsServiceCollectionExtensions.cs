using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace Juxa.Missions;

public static class MissionsServiceCollectionExtensions
{
    /// <summary>Agent missions: their options, repository and agent, and a reminder minimum that lets short test periods through.</summary>
    public static IServiceCollection AddJuxaMissions(this IServiceCollection services)
    {
        services.AddOptions<MissionOptions>().BindConfiguration(MissionOptions.Section);
        services.AddSingleton<MissionRepository>();
        services.AddSingleton<MissionAgent>();
        // Orleans refuses reminder periods under its minimum (one minute); only a configured shorter mission period lowers it.
        services.AddOptions<ReminderOptions>().Configure<IOptions<MissionOptions>>((reminders, missions) =>
        {
            if (missions.Value.ReminderPeriod < reminders.MinimumReminderPeriod)
            {
                reminders.MinimumReminderPeriod = missions.Value.ReminderPeriod;
            }
        });
        return services;
    }
}
