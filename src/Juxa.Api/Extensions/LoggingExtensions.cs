using Microsoft.Extensions.DependencyInjection.Extensions;
using Juxa.Api.Logging;

namespace Juxa.Api.Extensions;

public static class LoggingExtensions
{
    /// <summary>Wraps the logger factory the host registered in a <see cref="SecretRedactingLoggerFactory"/>.</summary>
    public static IServiceCollection AddSecretRedactingLogs(this IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(ILoggerFactory));
        var implementation = registered.ImplementationType
            ?? throw new InvalidOperationException("The host's logger factory is not registered by its type; wrap it another way.");
        // The factory the host chose, built by the container as before (providers, filter options, scope provider).
        services.AddSingleton(implementation);
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider =>
            new SecretRedactingLoggerFactory((ILoggerFactory)provider.GetRequiredService(implementation))));
        return services;
    }
}
