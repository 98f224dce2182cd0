namespace Juxa.Records.Values;

/// <summary>
/// A record that a record-reference value points at. The codec only reads it out of the value;
/// the caller checks that the record exists (the codec has no database access) and keeps the
/// reverse index that powers "related records".
/// </summary>
public readonly record struct RecordRef(string TargetObject, Guid RecordId);
