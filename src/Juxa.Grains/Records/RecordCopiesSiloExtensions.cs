using Juxa.Records;
using Microsoft.Extensions.DependencyInjection;

// Beside the other host wiring (UseJuxaSilo), so that registering it there needs no extra using.
namespace Juxa.Hosting;

public static class RecordCopiesSiloExtensions
{
    /// <summary>
    /// What <see cref="RecordGrain"/> needs on every silo to have other records' copies invalidated without activating
    /// them: the silo's list of record activations and its <see cref="RecordCopyService"/>, and the client that calls the
    /// services of every silo.
    /// </summary>
    public static ISiloBuilder AddJuxaRecordCopies(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<LocalRecordActivations>();
        silo.Services.AddSingleton<RecordCopies>();
        silo.AddGrainService<RecordCopyService>();
        return silo;
    }
}
