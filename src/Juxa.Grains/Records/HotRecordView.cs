using Juxa.Schema;

namespace Juxa.Records;

/// <summary>
/// A record grain's hot copy, formatted: the row, the object definition of the schema snapshot it was formatted with,
/// and the resulting view. All three are immutable, so the copy can be handed to readers outside the activation.
/// </summary>
public sealed record HotRecordView(RecordRow Row, ObjectDefinition Object, RecordView View)
{
    public static HotRecordView Format(RecordRow row, ObjectDefinition obj) => new(row, obj, RecordFormatter.ToView(obj, row));
}
