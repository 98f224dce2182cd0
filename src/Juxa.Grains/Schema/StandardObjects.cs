using Npgsql;

namespace Juxa.Schema;

/// <summary>The objects every new workspace starts with: people, companies and deals.</summary>
public static class StandardObjects
{
    /// <summary>Writes the standard objects inside the transaction that creates the workspace.</summary>
    public static async Task SeedAsync(NpgsqlConnection connection, Guid workspaceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var obj in Build(now))
        {
            await SchemaRepository.InsertObjectAsync(connection, workspaceId, obj, cancellationToken);
            for (var i = 0; i < obj.Attributes.Count; i++)
            {
                await SchemaRepository.InsertAttributeAsync(connection, workspaceId, obj.Attributes[i], i, cancellationToken);
            }
        }
    }

    public static IReadOnlyList<ObjectDefinition> Build(DateTimeOffset now)
    {
        var people = Guid.CreateVersion7();
        var companies = Guid.CreateVersion7();
        var deals = Guid.CreateVersion7();

        AttributeDefinition Attribute(Guid objectId, string slug, string title, AttributeType type, bool multiselect = false, bool unique = false,
            bool required = false, AttributeConfig? config = null, string[]? options = null)
        {
            var id = Guid.CreateVersion7();
            var optionList = (options ?? []).Select((title, i) => new AttributeOption(Guid.CreateVersion7(), id, title, null, true, i)).ToArray();
            return new AttributeDefinition(id, objectId, slug, title, type, required, unique, multiselect, IsStandard: true, IsArchived: false,
                config ?? AttributeConfig.Empty, optionList, now);
        }

        ObjectDefinition Object(Guid id, string slug, string singular, string plural, string icon, params AttributeDefinition[] attributes) =>
            new(id, slug, singular, plural, icon, IsStandard: true, IsArchived: false, now, now, attributes);

        return
        [
            Object(people, "people", "Person", "People", "user",
                Attribute(people, "name", "Name", AttributeType.PersonalName),
                Attribute(people, "email_addresses", "Email addresses", AttributeType.EmailAddress, multiselect: true, unique: true),
                Attribute(people, "phone_numbers", "Phone numbers", AttributeType.PhoneNumber, multiselect: true),
                Attribute(people, "job_title", "Job title", AttributeType.Text),
                Attribute(people, "company", "Company", AttributeType.RecordReference, config: new AttributeConfig(TargetObject: "companies")),
                Attribute(people, "primary_location", "Primary location", AttributeType.Location),
                Attribute(people, "description", "Description", AttributeType.Text)),
            Object(companies, "companies", "Company", "Companies", "building",
                Attribute(companies, "name", "Name", AttributeType.Text),
                Attribute(companies, "domains", "Domains", AttributeType.Domain, multiselect: true, unique: true),
                Attribute(companies, "description", "Description", AttributeType.Text),
                Attribute(companies, "employee_count", "Employee count", AttributeType.Number),
                Attribute(companies, "categories", "Categories", AttributeType.Select, multiselect: true,
                    options: ["B2B", "B2C", "Law firm", "Public sector", "Non-profit"]),
                Attribute(companies, "primary_location", "Primary location", AttributeType.Location)),
            Object(deals, "deals", "Deal", "Deals", "handshake",
                Attribute(deals, "name", "Name", AttributeType.Text, required: true),
                Attribute(deals, "stage", "Stage", AttributeType.Status, options: ["Lead", "In progress", "Won", "Lost"]),
                Attribute(deals, "deal_value", "Deal value", AttributeType.Currency, config: new AttributeConfig(CurrencyCode: "USD")),
                Attribute(deals, "owner", "Owner", AttributeType.ActorReference),
                Attribute(deals, "associated_people", "Associated people", AttributeType.RecordReference, multiselect: true,
                    config: new AttributeConfig(TargetObject: "people")),
                Attribute(deals, "associated_company", "Associated company", AttributeType.RecordReference,
                    config: new AttributeConfig(TargetObject: "companies"))),
        ];
    }
}
