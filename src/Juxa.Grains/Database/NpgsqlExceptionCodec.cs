using Npgsql;

namespace Juxa.Database;

/// <summary>
/// Lets a database failure inside a grain reach its caller as what it is. Orleans has no codec for Npgsql's
/// exceptions, so a silo answering an API node (or another silo) sent "could not find a codec" instead, and a
/// PostgreSQL restart became a 500 where it is a 503 (<c>JuxaExceptionHandler</c>). The inner exception crosses
/// too: it is what <see cref="NpgsqlException.IsTransient"/> is decided from (a socket or I/O error, a timeout).
/// </summary>
[GenerateSerializer, Alias("juxa.NpgsqlException")]
public struct NpgsqlExceptionSurrogate
{
    [Id(0)] public string Message;
    [Id(1)] public Exception? InnerException;
}

[RegisterConverter]
public sealed class NpgsqlExceptionCodec : IConverter<NpgsqlException, NpgsqlExceptionSurrogate>
{
    public NpgsqlException ConvertFromSurrogate(in NpgsqlExceptionSurrogate surrogate) => new(surrogate.Message, surrogate.InnerException);

    public NpgsqlExceptionSurrogate ConvertToSurrogate(in NpgsqlException value) =>
        new() { Message = value.Message, InnerException = value.InnerException };
}
