using Juxa.Schema;

namespace Juxa.Records;

/// <summary>
/// What <see cref="RecordWriter"/> committed: the row before (null on create) and after, the object it was validated
/// against, and that schema's version. The row holds every schema change up to <see cref="SchemaVersion"/> (deleting an
/// attribute deletes its values from the rows in the same transaction), so a hot copy is current until the version moves.
/// </summary>
public sealed record RecordWrite(RecordRow? Before, RecordRow Row, ObjectDefinition Object, long SchemaVersion);
