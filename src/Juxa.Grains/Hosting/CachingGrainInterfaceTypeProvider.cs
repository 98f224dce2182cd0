using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;

namespace Juxa.Hosting;

/// <summary>
/// Orleans works out a grain interface's type id on every <c>GetGrain</c> call, reading the
/// interface's custom attributes and formatting its type name each time: about a tenth of the API's
/// CPU on a hot record read, which makes two such calls. Registered ahead of Orleans' own providers,
/// this one asks those same providers (and the same naming convention after them) once per
/// interface and remembers the answer, so the ids are exactly the ones Orleans would compute.
/// </summary>
internal sealed class CachingGrainInterfaceTypeProvider(IServiceProvider services) : IGrainInterfaceTypeProvider
{
    private readonly ConcurrentDictionary<Type, GrainInterfaceType> _known = new();

    /// <summary>Puts the provider first: <see cref="GrainInterfaceTypeResolver"/> takes the first provider that answers.</summary>
    public static void Register(IServiceCollection services)
    {
        if (!services.Any(d => d.ImplementationType == typeof(CachingGrainInterfaceTypeProvider)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IGrainInterfaceTypeProvider, CachingGrainInterfaceTypeProvider>());
        }
    }

    public bool TryGetGrainInterfaceType(Type type, out GrainInterfaceType grainInterfaceType)
    {
        grainInterfaceType = _known.GetOrAdd(type, Resolve);
        return true;
    }

    private GrainInterfaceType Resolve(Type type)
    {
        foreach (var provider in services.GetServices<IGrainInterfaceTypeProvider>())
        {
            if (provider is not CachingGrainInterfaceTypeProvider && provider.TryGetGrainInterfaceType(type, out var declared))
            {
                return declared;
            }
        }

        return services.GetRequiredService<GrainInterfaceTypeResolver>().GetGrainInterfaceTypeByConvention(type);
    }
}
