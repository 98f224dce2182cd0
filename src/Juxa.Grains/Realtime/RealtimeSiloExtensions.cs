using Juxa.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

// Beside the other host wiring (UseJuxaSilo), so that registering it there needs no extra using.
namespace Juxa.Hosting;

public static class RealtimeSiloExtensions
{
    /// <summary>The publisher grains call after a commit. Needed on every silo; the grains themselves need no registration.</summary>
    public static IServiceCollection AddJuxaRealtimePublisher(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRealtimePublisher, RealtimePublisher>();
        return services;
    }
}
