using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.Benchmarks;

/// <summary>
/// A generated project: ordinary service code (DTOs, repositories, services, controllers, LINQ, async), with
/// token-validation configuration in one file in fifty when <see cref="WithTokenLibraries"/>. Half of those files
/// are insecure, rotating through every rule family (TA1xx flags, TA2xx accept-all delegates, TA3xx Entra
/// configurations, TA4xx unvalidated tokens, TA5xx appsettings files); the other half are the secure form of the
/// same code. <see cref="Expected"/> counts, per rule id, the findings the insecure snippets must produce.
/// Without the libraries, the token files are replaced by ordinary files, so both corpora have the same size.
/// </summary>
internal sealed class Corpus
{
    public const int TokenFileEvery = 50;

    private Corpus(int files, bool withTokenLibraries, ImmutableArray<SyntaxTree> trees, ImmutableArray<AdditionalText> additionalFiles,
        ImmutableDictionary<string, int> expected, int tokenFiles, int lines)
    {
        Files = files;
        WithTokenLibraries = withTokenLibraries;
        Trees = trees;
        AdditionalFiles = additionalFiles;
        Expected = expected;
        TokenFiles = tokenFiles;
        Lines = lines;
    }

    public int Files { get; }
    public bool WithTokenLibraries { get; }
    public ImmutableArray<SyntaxTree> Trees { get; }
    public ImmutableArray<AdditionalText> AdditionalFiles { get; }

    /// <summary>Findings per rule id that the generated insecure snippets must produce (ids of every family).</summary>
    public ImmutableDictionary<string, int> Expected { get; }

    public int TokenFiles { get; }
    public int Lines { get; }

    public string Name => $"{Files:N0} files, {(WithTokenLibraries ? "with" : "without")} token libraries";

    /// <summary>
    /// <paramref name="tokenFileEvery"/>: one token file in that many (the measured corpora use
    /// <see cref="TokenFileEvery"/>; the warm-up uses a denser one, see Program).
    /// </summary>
    public static Corpus Generate(int files, bool withTokenLibraries, int tokenFileEvery = TokenFileEvery)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var sources = new string[files];
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        var additional = new List<AdditionalText>
        {
            // Every web project has one; it names no token setting.
            new InMemoryAdditionalText("/corpus/appsettings.json", OrdinaryAppSettings),
        };
        var tokenFiles = 0;
        for (var i = 0; i < files; i++)
        {
            if (withTokenLibraries && i % tokenFileEvery == tokenFileEvery / 2)
            {
                var snippet = TokenSnippets.Create(tokenFiles, i);
                tokenFiles++;
                sources[i] = snippet.Code;
                foreach (var (id, count) in snippet.Expected)
                {
                    expected[id] = expected.GetValueOrDefault(id) + count;
                }

                if (snippet.AppSettings is { } json)
                {
                    additional.Add(new InMemoryAdditionalText($"/corpus/Module{i / 100}/Service{i}/appsettings.json", json));
                }
            }
            else
            {
                sources[i] = OrdinaryCode.Create(i);
            }
        }

        var trees = new SyntaxTree[files];
        System.Threading.Tasks.Parallel.For(0, files, i =>
            trees[i] = CSharpSyntaxTree.ParseText(SourceText.From(sources[i], Encoding.UTF8), parseOptions, $"/corpus/Module{i / 100}/File{i}.cs"));
        var lines = sources.Sum(s => s.Count(c => c == '\n'));
        return new Corpus(files, withTokenLibraries, trees.ToImmutableArray(), additional.ToImmutableArray(),
            expected.ToImmutableDictionary(), tokenFiles, lines);
    }

    /// <summary>A corpus of the given sources and JSON files (the scale shapes of <see cref="ScaleSeries"/>).</summary>
    public static Corpus Of(IReadOnlyList<string> sources, IReadOnlyList<(string Path, string Text)> json, IReadOnlyDictionary<string, int> expected)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = sources.Select((source, i) => CSharpSyntaxTree.ParseText(SourceText.From(source, Encoding.UTF8), parseOptions, $"/scale/File{i}.cs")).ToImmutableArray();
        var additional = json.Select(file => (AdditionalText)new InMemoryAdditionalText(file.Path, file.Text)).ToImmutableArray();
        return new Corpus(sources.Count, true, trees, additional, expected.ToImmutableDictionary(), 0, sources.Sum(s => s.Count(c => c == '\n')));
    }

    private const string OrdinaryAppSettings = """
        {
          "Logging": { "LogLevel": { "Default": "Information", "Microsoft.AspNetCore": "Warning" } },
          "AllowedHosts": "*",
          "ConnectionStrings": { "Orders": "Server=db;Database=orders;Integrated Security=true" }
        }
        """;
}

internal sealed class InMemoryAdditionalText : AdditionalText
{
    private readonly SourceText _text;

    public InMemoryAdditionalText(string path, string text)
    {
        Path = path;
        _text = SourceText.From(text, Encoding.UTF8);
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>Ordinary service code, about 110 lines a file, in four shapes that rotate.</summary>
internal static class OrdinaryCode
{
    public static string Create(int i) => (i % 4) switch
    {
        0 => Controller(i),
        1 => Service(i),
        2 => Repository(i),
        _ => Dtos(i),
    };

    private static string Header(int i) => $$"""
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Logging;

        namespace Corpus.Module{{i / 100}};

        """;

    private static string Controller(int i) => Header(i) + $$"""
        public sealed record Order{{i}}Request(string Customer, IReadOnlyList<Line{{i}}> Lines, string? Notes);

        public sealed record Line{{i}}(string Sku, int Quantity, decimal UnitPrice);

        public sealed record Order{{i}}Response(Guid Id, string Customer, decimal Total, DateTimeOffset CreatedAt);

        public interface IOrder{{i}}Service
        {
            Task<Order{{i}}Response?> FindAsync(Guid id, CancellationToken cancellationToken);
            Task<IReadOnlyList<Order{{i}}Response>> ListAsync(string? customer, int page, int size, CancellationToken cancellationToken);
            Task<Order{{i}}Response> CreateAsync(Order{{i}}Request request, CancellationToken cancellationToken);
        }

        [ApiController]
        [Route("api/v1/orders-{{i}}")]
        public sealed class Orders{{i}}Controller : ControllerBase
        {
            private readonly IOrder{{i}}Service _service;
            private readonly ILogger<Orders{{i}}Controller> _logger;

            public Orders{{i}}Controller(IOrder{{i}}Service service, ILogger<Orders{{i}}Controller> logger)
            {
                _service = service;
                _logger = logger;
            }

            [HttpGet("{id:guid}")]
            public async Task<ActionResult<Order{{i}}Response>> Get(Guid id, CancellationToken cancellationToken)
            {
                var order = await _service.FindAsync(id, cancellationToken);
                if (order is null)
                {
                    _logger.LogInformation("Order {Id} not found", id);
                    return NotFound();
                }

                return Ok(order);
            }

            [HttpGet]
            public async Task<ActionResult<IEnumerable<Order{{i}}Response>>> List([FromQuery] string? customer, [FromQuery] int page = 1, [FromQuery] int size = 20, CancellationToken cancellationToken = default)
            {
                if (page < 1 || size is < 1 or > 200)
                {
                    return BadRequest(new { error = "page must be >= 1 and size between 1 and 200" });
                }

                var orders = await _service.ListAsync(customer, page, size, cancellationToken);
                Response.Headers["X-Total-Count"] = orders.Count.ToString();
                return Ok(orders.OrderByDescending(o => o.CreatedAt).ThenBy(o => o.Customer));
            }

            [HttpPost]
            public async Task<ActionResult<Order{{i}}Response>> Create([FromBody] Order{{i}}Request request, CancellationToken cancellationToken)
            {
                var problems = request.Lines
                    .Select((line, index) => (line, index))
                    .Where(x => x.line.Quantity <= 0 || x.line.UnitPrice < 0)
                    .Select(x => $"line {x.index}: {x.line.Sku} has an invalid quantity or price")
                    .ToList();
                if (problems.Count > 0)
                {
                    return ValidationProblem(string.Join("; ", problems));
                }

                var created = await _service.CreateAsync(request, cancellationToken);
                _logger.LogInformation("Created order {Id} for {Customer} ({Total:C})", created.Id, created.Customer, created.Total);
                return CreatedAtAction(nameof(Get), new { id = created.Id }, created);
            }

            [HttpDelete("{id:guid}")]
            public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
            {
                var order = await _service.FindAsync(id, cancellationToken);
                return order switch
                {
                    null => NotFound(),
                    { Total: > 10_000m } => Conflict(new { error = "large orders are cancelled by support" }),
                    _ => NoContent(),
                };
            }
        }

        """;

    private static string Service(int i) => Header(i) + $$"""
        public sealed class Invoice{{i}}
        {
            public Guid Id { get; init; } = Guid.NewGuid();
            public string Customer { get; set; } = "";
            public string Audience { get; set; } = "internal";
            public List<InvoiceLine{{i}}> Lines { get; } = new();
            public DateTime IssuedAt { get; set; }
            public DateTime? PaidAt { get; set; }
            public bool IsPaid => PaidAt is not null;
            public decimal Total => Lines.Sum(l => l.Amount);
        }

        public sealed class InvoiceLine{{i}}
        {
            public string Description { get; set; } = "";
            public decimal Amount { get; set; }
            public string Category { get; set; } = "general";
        }

        public sealed class Invoice{{i}}Service
        {
            private readonly ConcurrentDictionary<Guid, Invoice{{i}}> _invoices = new();
            private readonly ILogger<Invoice{{i}}Service> _logger;
            private readonly TimeSpan _timeout = TimeSpan.FromSeconds(30);

            public Invoice{{i}}Service(ILogger<Invoice{{i}}Service> logger) => _logger = logger;

            public async Task<Invoice{{i}}> IssueAsync(string customer, IEnumerable<(string Description, decimal Amount)> lines, CancellationToken cancellationToken)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_timeout);
                var invoice = new Invoice{{i}}
                {
                    Customer = customer.Trim(),
                    IssuedAt = DateTime.UtcNow,
                    Audience = customer.EndsWith(".internal", StringComparison.Ordinal) ? "internal" : "external",
                };
                foreach (var (description, amount) in lines)
                {
                    invoice.Lines.Add(new InvoiceLine{{i}} { Description = description, Amount = Math.Round(amount, 2), Category = Categorize(description) });
                }

                await Task.Delay(1, timeout.Token).ConfigureAwait(false);
                _invoices[invoice.Id] = invoice;
                _logger.LogDebug("Issued invoice {Id} with {Count} lines", invoice.Id, invoice.Lines.Count);
                return invoice;
            }

            public IReadOnlyDictionary<string, decimal> TotalsByCategory(DateTime from, DateTime to) =>
                _invoices.Values
                    .Where(invoice => invoice.IssuedAt >= from && invoice.IssuedAt < to)
                    .SelectMany(invoice => invoice.Lines)
                    .GroupBy(line => line.Category)
                    .OrderBy(group => group.Key)
                    .ToDictionary(group => group.Key, group => group.Sum(line => line.Amount));

            public async Task<int> MarkPaidAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
            {
                var count = 0;
                foreach (var id in ids.Distinct())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (_invoices.TryGetValue(id, out var invoice) && !invoice.IsPaid)
                    {
                        invoice.PaidAt = DateTime.UtcNow;
                        count++;
                    }
                }

                await Task.Yield();
                return count;
            }

            public IEnumerable<Invoice{{i}}> Overdue(int days)
            {
                var limit = DateTime.UtcNow.AddDays(-days);
                return from invoice in _invoices.Values
                       where !invoice.IsPaid && invoice.IssuedAt < limit
                       orderby invoice.IssuedAt
                       select invoice;
            }

            private static string Categorize(string description)
            {
                var lower = description.ToLowerInvariant();
                if (lower.Contains("shipping")) return "shipping";
                if (lower.Contains("tax")) return "tax";
                return lower.Length switch { < 10 => "short", < 40 => "general", _ => "detailed" };
            }
        }

        """;

    private static string Repository(int i) => Header(i) + $$"""
        public sealed class Customer{{i}}
        {
            public int Id { get; set; }
            public string Name { get; set; } = "";
            public string Email { get; set; } = "";
            public string Authority { get; set; } = "";
            public string Region { get; set; } = "eu";
            public DateTime CreatedAt { get; set; }
            public List<string> Tags { get; set; } = new();
        }

        public interface ICustomer{{i}}Repository
        {
            ValueTask<Customer{{i}}?> GetAsync(int id, CancellationToken cancellationToken = default);
            IAsyncEnumerable<Customer{{i}}> SearchAsync(string text, CancellationToken cancellationToken = default);
            ValueTask SaveAsync(Customer{{i}} customer, CancellationToken cancellationToken = default);
        }

        public sealed class InMemoryCustomer{{i}}Repository : ICustomer{{i}}Repository
        {
            private readonly List<Customer{{i}}> _customers = new();
            private readonly object _gate = new();
            private int _nextId = 1;

            public ValueTask<Customer{{i}}?> GetAsync(int id, CancellationToken cancellationToken = default)
            {
                lock (_gate)
                {
                    return new ValueTask<Customer{{i}}?>(_customers.FirstOrDefault(c => c.Id == id));
                }
            }

            public async IAsyncEnumerable<Customer{{i}}> SearchAsync(string text, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
            {
                List<Customer{{i}}> snapshot;
                lock (_gate)
                {
                    snapshot = _customers
                        .Where(c => c.Name.Contains(text, StringComparison.OrdinalIgnoreCase) || c.Email.StartsWith(text, StringComparison.OrdinalIgnoreCase))
                        .OrderBy(c => c.Name)
                        .ToList();
                }

                foreach (var customer in snapshot)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await Task.Yield();
                    yield return customer;
                }
            }

            public ValueTask SaveAsync(Customer{{i}} customer, CancellationToken cancellationToken = default)
            {
                ArgumentNullException.ThrowIfNull(customer);
                lock (_gate)
                {
                    if (customer.Id == 0)
                    {
                        customer.Id = _nextId++;
                        customer.CreatedAt = DateTime.UtcNow;
                        customer.Authority = $"https://directory.example.com/{customer.Region}";
                        _customers.Add(customer);
                    }
                    else
                    {
                        var index = _customers.FindIndex(c => c.Id == customer.Id);
                        if (index < 0)
                        {
                            throw new KeyNotFoundException($"Customer {customer.Id} does not exist");
                        }

                        _customers[index] = customer;
                    }
                }

                return ValueTask.CompletedTask;
            }

            public IReadOnlyList<(string Region, int Count, string Newest)> Statistics()
            {
                lock (_gate)
                {
                    return _customers
                        .GroupBy(c => c.Region)
                        .Select(g => (g.Key, g.Count(), g.OrderByDescending(c => c.CreatedAt).First().Name))
                        .ToList();
                }
            }
        }

        """;

    private static string Dtos(int i) => Header(i) + $$"""
        public enum Shipment{{i}}Status { Pending, Packed, Shipped, Delivered, Returned }

        public sealed record Address{{i}}(string Street, string City, string PostalCode, string Country);

        public sealed class Shipment{{i}}
        {
            public Guid Id { get; init; }
            public Address{{i}} Destination { get; init; } = new("", "", "", "");
            public Shipment{{i}}Status Status { get; set; }
            public List<Parcel{{i}}> Parcels { get; init; } = new();
            public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);
            public Dictionary<string, string> Events { get; init; } = new();
        }

        public sealed record Parcel{{i}}(string Barcode, double WeightKg, double VolumeLiters);

        public sealed record Shipment{{i}}Summary(Guid Id, string City, Shipment{{i}}Status Status, double TotalWeight, int ParcelCount);

        public static class Shipment{{i}}Mapping
        {
            public static Shipment{{i}}Summary ToSummary(this Shipment{{i}} shipment) => new(
                shipment.Id,
                shipment.Destination.City,
                shipment.Status,
                shipment.Parcels.Sum(p => p.WeightKg),
                shipment.Parcels.Count);

            public static Shipment{{i}} Create(Address{{i}} destination, IEnumerable<Parcel{{i}}> parcels) => new()
            {
                Id = Guid.NewGuid(),
                Destination = destination,
                Status = Shipment{{i}}Status.Pending,
                Parcels = parcels.Where(p => p.WeightKg > 0).ToList(),
                Timeout = TimeSpan.FromMinutes(10),
                Events = { ["created"] = DateTimeOffset.UtcNow.ToString("O") },
            };

            public static Shipment{{i}}Status Next(Shipment{{i}}Status status) => status switch
            {
                Shipment{{i}}Status.Pending => Shipment{{i}}Status.Packed,
                Shipment{{i}}Status.Packed => Shipment{{i}}Status.Shipped,
                Shipment{{i}}Status.Shipped => Shipment{{i}}Status.Delivered,
                _ => throw new InvalidOperationException($"No status after {status}"),
            };

            public static string Describe(Shipment{{i}} shipment)
            {
                var heaviest = shipment.Parcels.MaxBy(p => p.WeightKg);
                var volume = shipment.Parcels.Aggregate(0.0, (sum, p) => sum + p.VolumeLiters);
                return heaviest is null
                    ? $"{shipment.Id}: empty shipment to {shipment.Destination.City}"
                    : $"{shipment.Id}: {shipment.Parcels.Count} parcels, {volume:F1} l, heaviest {heaviest.Barcode} ({heaviest.WeightKg:F2} kg)";
            }

            public static async Task<IReadOnlyList<Shipment{{i}}Summary>> SummarizeAsync(IAsyncEnumerable<Shipment{{i}}> shipments, CancellationToken cancellationToken)
            {
                var result = new List<Shipment{{i}}Summary>();
                await foreach (var shipment in shipments.WithCancellation(cancellationToken))
                {
                    if (shipment.Status is Shipment{{i}}Status.Returned)
                    {
                        continue;
                    }

                    shipment.Status = Next(shipment.Status);
                    shipment.Events[shipment.Status.ToString()] = DateTimeOffset.UtcNow.ToString("O");
                    result.Add(shipment.ToSummary());
                }

                return result;
            }
        }

        """;
}
