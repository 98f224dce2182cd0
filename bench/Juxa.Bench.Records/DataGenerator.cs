using System.Globalization;
using System.Text.Json.Nodes;

namespace Juxa.Bench.Records;

/// <summary>
/// Deterministic, realistic-looking CRM data: companies named from two word lists (with a unique
/// domain each), and people whose names come from small first/last name lists, whose emails derive
/// from their names and their company's domain (or a free-mail domain), with phone numbers, job
/// titles, a company reference for most of them and a city for half. Rows are import rows
/// (<c>{attribute slug: write form}</c>) for <c>POST /api/v1/objects/:slug/records/import</c>.
/// </summary>
public sealed class DataGenerator
{
    public static readonly string[] FirstNames =
    [
        "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
        "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
        "Christopher", "Nancy", "Daniel", "Lisa", "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra",
        "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle",
        "Kenneth", "Dorothy", "Kevin", "Carol", "Brian", "Amanda", "George", "Melissa", "Timothy", "Deborah",
        "Johanna", "Lucas", "Sofia", "Mateo", "Yuki", "Wei", "Priya", "Ahmed", "Fatima", "Olga",
    ];

    public static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
        "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
        "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
        "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
        "Müller", "Schmidt", "Schneider", "Fischer", "Dubois", "Rossi", "Kowalski", "Novak", "Tanaka", "Kim",
    ];

    /// <summary>50 × 40 = 2000 distinct company names and domains.</summary>
    public static readonly string[] CompanyPrefixes =
    [
        "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka", "Hooli", "Vandelay", "Soylent",
        "Cyberdyne", "Tyrell", "Massive", "Aperture", "Oscorp", "Gringotts", "Dunder", "Prestige", "Monarch", "Nakatomi",
        "Pied", "Bluth", "Sterling", "Pearson", "Hudson", "Vortex", "Zenith", "Apex", "Summit", "Northwind",
        "Contoso", "Fabrikam", "Tailspin", "Litware", "Adventure", "Proseware", "Lucerne", "Margie", "Alpine", "Coho",
        "Wingtip", "Woodgrove", "Fourth", "Humongous", "Trey", "Blue", "Graphic", "Southridge", "Datum", "Relecloud",
    ];

    public static readonly string[] CompanySuffixes =
    [
        "Labs", "Systems", "Partners", "Legal", "Consulting", "Industries", "Holdings", "Group", "Capital", "Ventures",
        "Media", "Health", "Logistics", "Energy", "Foods", "Robotics", "Analytics", "Networks", "Software", "Security",
        "Law", "Advisors", "Realty", "Insurance", "Bank", "Motors", "Pharma", "Studios", "Works", "Dynamics",
        "Solutions", "Technologies", "Services", "Supply", "Design", "Research", "Airlines", "Marine", "Mining", "Retail",
    ];

    public static readonly string[] FreeMailDomains = ["gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com", "gmx.de", "hey.com", "fastmail.com"];

    /// <summary>30 titles, about equally likely: one title (e.g. "Engineer") is about 3 % of people (10 % have none).</summary>
    public static readonly string[] JobTitles =
    [
        "Engineer", "Senior Engineer", "Software Engineer", "Engineering Manager", "Product Manager", "Designer", "Account Executive",
        "Sales Manager", "Marketing Manager", "Customer Success Manager", "Founder", "CEO", "CTO", "CFO", "COO", "VP Sales",
        "VP Engineering", "Head of Marketing", "Recruiter", "HR Manager", "Attorney", "Paralegal", "Partner", "Associate",
        "Analyst", "Consultant", "Operations Manager", "Data Scientist", "Office Manager", "Legal Counsel",
    ];

    public static readonly (string City, string Country)[] Cities =
    [
        ("New York", "US"), ("San Francisco", "US"), ("Austin", "US"), ("Chicago", "US"), ("London", "GB"), ("Manchester", "GB"),
        ("Berlin", "DE"), ("Munich", "DE"), ("Paris", "FR"), ("Lyon", "FR"), ("Madrid", "ES"), ("Milan", "IT"), ("Warsaw", "PL"),
        ("Prague", "CZ"), ("Tokyo", "JP"), ("Seoul", "KR"), ("Toronto", "CA"), ("Mexico City", "MX"), ("São Paulo", "BR"), ("Sydney", "AU"),
    ];

    private readonly Random _random;
    private readonly Dictionary<string, int> _emailsSeen = new(StringComparer.Ordinal);
    private int _phone;

    public DataGenerator(int seed) => _random = new Random(seed);

    /// <summary>The companies' ids once imported, with the domain of each: people reference them.</summary>
    public List<(Guid Id, string Domain)> Companies { get; } = [];

    /// <summary>Company number <paramref name="index"/> (0..1999): name and domain.</summary>
    public static (string Name, string Domain) Company(int index)
    {
        var prefix = CompanyPrefixes[index % CompanyPrefixes.Length];
        var suffix = CompanySuffixes[index / CompanyPrefixes.Length % CompanySuffixes.Length];
        var round = index / (CompanyPrefixes.Length * CompanySuffixes.Length);
        var domainStem = (prefix + suffix).ToLowerInvariant() + (round == 0 ? "" : round.ToString(CultureInfo.InvariantCulture));
        return ($"{prefix} {suffix}" + (round == 0 ? "" : $" {round + 1}"), domainStem + ".com");
    }

    public JsonObject CompanyRow(int index)
    {
        var (name, domain) = Company(index);
        var row = new JsonObject
        {
            ["name"] = name,
            ["domains"] = new JsonArray(domain),
            ["employee_count"] = _random.Next(2, 5000),
        };
        if (_random.NextDouble() < 0.6)
        {
            var (city, country) = Cities[_random.Next(Cities.Length)];
            row["primary_location"] = new JsonObject { ["city"] = city, ["country_code"] = country };
        }

        return row;
    }

    /// <summary>
    /// One person. <paramref name="tag"/> (e.g. a run's nonce and a counter) goes into the email's local part when
    /// given, so that rows made by a later run never collide with the seeded ones (email_addresses is unique).
    /// </summary>
    public JsonObject PersonRow(string? tag = null)
    {
        var first = FirstNames[_random.Next(FirstNames.Length)];
        var last = LastNames[_random.Next(LastNames.Length)];
        var row = new JsonObject { ["name"] = new JsonObject { ["first_name"] = first, ["last_name"] = last } };

        (Guid Id, string Domain)? company = Companies.Count > 0 && _random.NextDouble() < 0.7 ? Companies[_random.Next(Companies.Count)] : null;
        var emails = new JsonArray();
        var workDomain = company?.Domain ?? FreeMailDomains[_random.Next(FreeMailDomains.Length)];
        emails.Add(Email(first, last, workDomain, tag));
        if (company is not null && _random.NextDouble() < 0.2)
        {
            emails.Add(Email(first, last, FreeMailDomains[_random.Next(FreeMailDomains.Length)], tag));
        }

        row["email_addresses"] = emails;
        if (_random.NextDouble() < 0.8)
        {
            // Written the way people type them; stored as + and digits.
            var n = Interlocked.Increment(ref _phone);
            row["phone_numbers"] = new JsonArray($"+1 ({200 + _random.Next(800)}) 555-{n % 10000:0000}");
        }

        if (_random.NextDouble() < 0.9)
        {
            row["job_title"] = JobTitles[_random.Next(JobTitles.Length)];
        }

        if (company is { } c)
        {
            row["company"] = c.Id.ToString("D");
        }

        if (_random.NextDouble() < 0.5)
        {
            var (city, country) = Cities[_random.Next(Cities.Length)];
            row["primary_location"] = new JsonObject { ["city"] = city, ["country_code"] = country };
        }

        return row;
    }

    private string Email(string first, string last, string domain, string? tag)
    {
        var local = Ascii(first) + "." + Ascii(last);
        if (tag is not null)
        {
            return $"{local}.{tag}@{domain}";
        }

        var key = local + "@" + domain;
        var seen = _emailsSeen.GetValueOrDefault(key);
        _emailsSeen[key] = seen + 1;
        return seen == 0 ? key : $"{local}{seen + 1}@{domain}";
    }

    private static string Ascii(string name) => name.ToLowerInvariant()
        .Replace("ü", "ue", StringComparison.Ordinal).Replace("ö", "oe", StringComparison.Ordinal).Replace("ä", "ae", StringComparison.Ordinal)
        .Replace("ã", "a", StringComparison.Ordinal);
}
