namespace Juxa.Schema;

/// <summary>The attribute types (after Attio's model). docs/values.md documents each one's write, stored and output forms.</summary>
[GenerateSerializer, Alias("juxa.AttributeType")]
public enum AttributeType
{
    Text = 0,
    Number = 1,
    Currency = 2,
    Checkbox = 3,
    Date = 4,
    Timestamp = 5,
    Rating = 6,
    Select = 7,
    Status = 8,
    EmailAddress = 9,
    PhoneNumber = 10,
    Domain = 11,
    PersonalName = 12,
    Location = 13,
    RecordReference = 14,
    ActorReference = 15,
}
