using Npgsql;

namespace Juxa.Database;

/// <summary>
/// An error PostgreSQL reported, carried across the wire with every field it has (see <see cref="NpgsqlExceptionCodec"/>
/// for why): its SQLSTATE decides the answer (a server shutting down is transient, a NUL in the input is a 400).
/// </summary>
[GenerateSerializer, Alias("juxa.PostgresException")]
public struct PostgresExceptionSurrogate
{
    [Id(0)] public string MessageText;
    [Id(1)] public string Severity;
    [Id(2)] public string InvariantSeverity;
    [Id(3)] public string SqlState;
    [Id(4)] public string? Detail;
    [Id(5)] public string? Hint;
    [Id(6)] public int Position;
    [Id(7)] public int InternalPosition;
    [Id(8)] public string? InternalQuery;
    [Id(9)] public string? Where;
    [Id(10)] public string? SchemaName;
    [Id(11)] public string? TableName;
    [Id(12)] public string? ColumnName;
    [Id(13)] public string? DataTypeName;
    [Id(14)] public string? ConstraintName;
    [Id(15)] public string? File;
    [Id(16)] public string? Line;
    [Id(17)] public string? Routine;
}

[RegisterConverter]
public sealed class PostgresExceptionCodec : IConverter<PostgresException, PostgresExceptionSurrogate>
{
    public PostgresException ConvertFromSurrogate(in PostgresExceptionSurrogate s) =>
        new(s.MessageText, s.Severity, s.InvariantSeverity, s.SqlState, s.Detail, s.Hint, s.Position, s.InternalPosition, s.InternalQuery,
            s.Where, s.SchemaName, s.TableName, s.ColumnName, s.DataTypeName, s.ConstraintName, s.File, s.Line, s.Routine);

    public PostgresExceptionSurrogate ConvertToSurrogate(in PostgresException value) => new()
    {
        MessageText = value.MessageText,
        Severity = value.Severity,
        InvariantSeverity = value.InvariantSeverity,
        SqlState = value.SqlState,
        Detail = value.Detail,
        Hint = value.Hint,
        Position = value.Position,
        InternalPosition = value.InternalPosition,
        InternalQuery = value.InternalQuery,
        Where = value.Where,
        SchemaName = value.SchemaName,
        TableName = value.TableName,
        ColumnName = value.ColumnName,
        DataTypeName = value.DataTypeName,
        ConstraintName = value.ConstraintName,
        File = value.File,
        Line = value.Line,
        Routine = value.Routine,
    };
}
