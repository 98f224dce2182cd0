using System.Text.Json;
using Juxa.Schema;

namespace Juxa.Tests.Unit.Query;

/// <summary>
/// A made-up workspace schema for the query engine tests: <c>deals</c> with an attribute of every type
/// (plus multiselect emails, labels and partners, and an archived one) referencing <c>companies</c>.
/// </summary>
public static class QueryTestSchema
{
    public static readonly Guid WorkspaceId = Id(0x100);
    public static readonly Guid DealsId = Id(0x200);
    public static readonly Guid CompaniesId = Id(0x300);

    public static readonly Guid StageLead = Id(0x401);
    public static readonly Guid StageQualified = Id(0x402);
    public static readonly Guid StageWon = Id(0x403);
    public static readonly Guid StageLost = Id(0x404);
    public static readonly Guid HealthOnTrack = Id(0x411);
    public static readonly Guid HealthAtRisk = Id(0x412);
    public static readonly Guid LabelHot = Id(0x421);
    public static readonly Guid LabelCold = Id(0x422);
    public static readonly Guid LabelEnterprise = Id(0x423);

    private static readonly DateTimeOffset Created = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static int _nextAttribute = 0x500;

    public static readonly ObjectDefinition Companies = new(
        CompaniesId, "companies", "Company", "Companies", null, true, false, Created, Created,
        [
            Attribute(CompaniesId, "name", AttributeType.Text),
            Attribute(CompaniesId, "domains", AttributeType.Domain, multiselect: true),
            Attribute(CompaniesId, "parent", AttributeType.RecordReference, config: new AttributeConfig(TargetObject: "companies")),
            Attribute(CompaniesId, "employees", AttributeType.Number),
        ]);

    public static readonly ObjectDefinition Deals = new(
        DealsId, "deals", "Deal", "Deals", null, true, false, Created, Created,
        [
            Attribute(DealsId, "name", AttributeType.Text),
            Attribute(DealsId, "deal_value", AttributeType.Currency, config: new AttributeConfig(CurrencyCode: "USD")),
            Attribute(DealsId, "probability", AttributeType.Number),
            Attribute(DealsId, "score", AttributeType.Rating, config: new AttributeConfig(MaxRating: 5)),
            Attribute(DealsId, "is_hot", AttributeType.Checkbox),
            Attribute(DealsId, "close_date", AttributeType.Date),
            Attribute(DealsId, "last_contacted", AttributeType.Timestamp),
            Attribute(DealsId, "stage", AttributeType.Select, options: [(StageLead, "Lead"), (StageQualified, "Qualified"), (StageWon, "Won"), (StageLost, "Lost")]),
            Attribute(DealsId, "health", AttributeType.Status, options: [(HealthOnTrack, "On track"), (HealthAtRisk, "At risk")]),
            Attribute(DealsId, "emails", AttributeType.EmailAddress, multiselect: true),
            Attribute(DealsId, "phone", AttributeType.PhoneNumber),
            Attribute(DealsId, "website", AttributeType.Domain),
            Attribute(DealsId, "contact", AttributeType.PersonalName),
            Attribute(DealsId, "address", AttributeType.Location),
            Attribute(DealsId, "company", AttributeType.RecordReference, config: new AttributeConfig(TargetObject: "companies")),
            Attribute(DealsId, "partners", AttributeType.RecordReference, multiselect: true, config: new AttributeConfig(TargetObject: "companies")),
            Attribute(DealsId, "owner", AttributeType.ActorReference),
            Attribute(DealsId, "labels", AttributeType.Select, multiselect: true, options: [(LabelHot, "Hot"), (LabelCold, "Cold"), (LabelEnterprise, "Enterprise")]),
            Attribute(DealsId, "legacy_code", AttributeType.Text, archived: true),
            Attribute(DealsId, "broken_ref", AttributeType.RecordReference, config: new AttributeConfig(TargetObject: "no_such_object")),
        ]);

    public static readonly WorkspaceSchema TestSchema = new(WorkspaceId, 1, [Deals, Companies]);

    public static Guid Id(int n) => Guid.Parse($"00000000-0000-0000-0000-{n:x12}");

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static AttributeDefinition Attribute(
        Guid objectId, string slug, AttributeType type, bool multiselect = false, bool archived = false,
        AttributeConfig? config = null, (Guid Id, string Title)[]? options = null)
    {
        var id = Id(_nextAttribute++);
        var optionList = (options ?? []).Select((o, i) => new AttributeOption(o.Id, id, o.Title, null, true, i)).ToList();
        return new AttributeDefinition(id, objectId, slug, slug.Replace('_', ' '), type, false, false, multiselect, false, archived,
            config ?? AttributeConfig.Empty, optionList, Created);
    }
}
