using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Terms;

/// <summary>
/// The spec matrix: every assignment form of RULES.md's Term "Assignment forms" against every rule that judges a
/// property assignment, with JwtBearerOptions and OpenIdConnectOptions where an options object applies. Each cell
/// is one input with exactly one expected finding, run through all rules of the package as shipped.
/// </summary>
[Trait("Rule", "TA101")]
[Trait("Rule", "TA102")]
[Trait("Rule", "TA103")]
[Trait("Rule", "TA104")]
[Trait("Rule", "TA105")]
[Trait("Rule", "TA106")]
[Trait("Rule", "TA107")]
[Trait("Rule", "TA202")]
[Trait("Rule", "TA203")]
[Trait("Rule", "TA204")]
[Trait("Rule", "TA306")]
public class AssignmentFormMatrixTests
{
    /// <summary>A property, a value that its rule reports, and where the property lives.</summary>
    public sealed record Property(string Id, string Name, string Value, bool OnOptions, bool IsReference, bool IsBool)
    {
        public override string ToString() => $"{Id} {Name}";
    }

    private static readonly Property[] Properties =
    [
        new("TA101", "ValidateIssuer", "false", OnOptions: false, IsReference: false, IsBool: true),
        new("TA102", "ValidateAudience", "false", OnOptions: false, IsReference: false, IsBool: true),
        new("TA103", "ValidateLifetime", "false", OnOptions: false, IsReference: false, IsBool: true),
        new("TA104", "RequireSignedTokens", "false", OnOptions: false, IsReference: false, IsBool: true),
        new("TA105", "RequireExpirationTime", "false", OnOptions: false, IsReference: false, IsBool: true),
        new("TA106", "ClockSkew", "TimeSpan.FromHours(1)", OnOptions: false, IsReference: false, IsBool: false),
        new("TA107", "RequireHttpsMetadata", "false", OnOptions: true, IsReference: false, IsBool: true),
        new("TA107", "Authority", "\"http://issuer.example.com\"", OnOptions: true, IsReference: true, IsBool: false),
        new("TA202", "IssuerValidator", "(issuer, token, parameters) => issuer", OnOptions: false, IsReference: true, IsBool: false),
        new("TA203", "AudienceValidator", "(audiences, token, parameters) => true", OnOptions: false, IsReference: true, IsBool: false),
        new("TA204", "LifetimeValidator", "(notBefore, expires, token, parameters) => true", OnOptions: false, IsReference: true, IsBool: false),
        new("TA306", "ValidAlgorithms", "new[] { SecurityAlgorithms.None }", OnOptions: false, IsReference: true, IsBool: false),
    ];

    private static readonly string[] OptionsTypes = ["JwtBearerOptions", "OpenIdConnectOptions"];

    /// <summary>
    /// One assignment form: given the property, the options type and the receiver path from an options object to the
    /// property's owner ("" for an options property, ".TokenValidationParameters" for a parameters property), the
    /// members of a class C holding the marked assignment; null when the form does not apply.
    /// </summary>
    private delegate string? Form(Property property, string options, string path);

    private static string Mark(Property p, string assignment) => $"{{|{p.Id}:{assignment}|}}";

    private static string Set(Property p, string receiver) => Mark(p, $"{receiver}.{p.Name} = {p.Value}");

    private static readonly Dictionary<string, Form> Forms = new()
    {
        ["object initializer"] = (p, options, path) => p.OnOptions
            ? $"object M() => new {options} {{ {Mark(p, $"{p.Name} = {p.Value}")} }};"
            : $"object M() => new TokenValidationParameters {{ {Mark(p, $"{p.Name} = {p.Value}")} }};",
        ["target-typed new"] = (p, options, path) => p.OnOptions
            ? $"{options} M() => new() {{ {Mark(p, $"{p.Name} = {p.Value}")} }};"
            : $"TokenValidationParameters M() => new() {{ {Mark(p, $"{p.Name} = {p.Value}")} }};",
        ["nested member initializer"] = (p, options, path) => p.OnOptions ? null
            : $"object M() => new {options} {{ TokenValidationParameters = {{ {Mark(p, $"{p.Name} = {p.Value}")} }} }};",
        ["assignment on a parameter"] = (p, options, path) => $"void M({options} o) {{ {Set(p, "o" + path)}; }}",
        ["assignment on a parameters local"] = (p, options, path) => p.OnOptions ? null
            : $"void M() {{ var p = new TokenValidationParameters(); {Set(p, "p")}; }}",
        ["assignment on this._field"] = (p, options, path) => $"private readonly {options} _o = new(); void M() {{ {Set(p, "this._o" + path)}; }}",
        ["null-conditional assignment"] = (p, options, path) => $"void M({options}? o) {{ {Set(p, "o?" + path)}; }}",
        ["coalesced receiver"] = (p, options, path) => p.OnOptions
            ? $"void M({options}? o) {{ {Set(p, "(o ??= new())")}; }}"
            : $"void M(TokenValidationParameters? p) {{ {Set(p, "(p ??= new())")}; }}",
        ["deconstruction"] = (p, options, path) => $"void M({options} o) {{ ({Mark(p, $"o{path}.{p.Name}")}, _) = ({p.Value}, 0); }}",
        ["??="] = (p, options, path) => !p.IsReference ? null : $"void M({options} o) {{ {Mark(p, $"o{path}.{p.Name} ??= {p.Value}")}; }}",
        ["compound &="] = (p, options, path) => !p.IsBool ? null : $"void M({options} o) {{ {Mark(p, $"o{path}.{p.Name} &= false")}; }}",
        ["compound +="] = (p, options, path) => !p.Name.EndsWith("Validator", StringComparison.Ordinal) ? null
            : $"void M({options} o) {{ {Mark(p, $"o{path}.{p.Name} += {p.Value}")}; }}",
        ["Clone()"] = (p, options, path) => p.OnOptions ? null
            : $"void M(TokenValidationParameters template) {{ var p = template.Clone(); {Set(p, "p")}; }}",
        ["inline argument"] = (p, options, path) => p.OnOptions
            ? $"void M() => Use(new {options} {{ {Mark(p, $"{p.Name} = {p.Value}")} }}); static void Use(object o) {{ }}"
            : $"void M() => Use(new TokenValidationParameters {{ {Mark(p, $"{p.Name} = {p.Value}")} }}); static void Use(object o) {{ }}",
        ["derived-type constructor"] = (p, options, path) => p.OnOptions
            ? $"}} class Derived : {options} {{ public Derived() {{ {Mark(p, $"{p.Name} = {p.Value}")}; }}"
            : $"}} class Derived : TokenValidationParameters {{ public Derived() {{ {Mark(p, $"{p.Name} = {p.Value}")}; }}",
        ["AddJwtBearer / AddOpenIdConnect lambda"] = (p, options, path) =>
            $"void M(IServiceCollection s) => s.AddAuthentication().{(options == "JwtBearerOptions" ? "AddJwtBearer" : "AddOpenIdConnect")}(o => {Set(p, "o" + path)});",
        ["Configure<T> lambda"] = (p, options, path) => $"void M(IServiceCollection s) => s.Configure<{options}>(o => {Set(p, "o" + path)});",
        ["named Configure<T> lambda"] = (p, options, path) => $"void M(IServiceCollection s) => s.Configure<{options}>(\"Bearer\", o => {{ {Set(p, "o" + path)}; }});",
        ["PostConfigure<T> lambda"] = (p, options, path) => $"void M(IServiceCollection s) => s.PostConfigure<{options}>(\"Bearer\", o => {Set(p, "o" + path)});",
        ["PostConfigureAll<T> lambda"] = (p, options, path) => $"void M(IServiceCollection s) => s.PostConfigureAll<{options}>(o => {Set(p, "o" + path)});",
        ["AddOptions<T>().Configure lambda"] = (p, options, path) => $"void M(IServiceCollection s) => s.AddOptions<{options}>(\"Bearer\").Configure(o => {Set(p, "o" + path)});",
        ["IConfigureOptions<T>"] = (p, options, path) =>
            $"}} class Setup : IConfigureOptions<{options}> {{ public void Configure({options} o) {{ {Set(p, "o" + path)}; }}",
        ["IConfigureNamedOptions<T>"] = (p, options, path) =>
            $"}} class Setup : IConfigureNamedOptions<{options}> {{ public void Configure({options} o) => Configure(null, o); public void Configure(string? name, {options} o) {{ {Set(p, "o" + path)}; }}",
        ["IPostConfigureOptions<T>"] = (p, options, path) =>
            $"}} class Setup : IPostConfigureOptions<{options}> {{ public void PostConfigure(string? name, {options} o) => {Set(p, "o" + path)};",
    };

    public static TheoryData<string, string, string> Cells()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var form in Forms.Keys)
        {
            foreach (var property in Properties)
            {
                foreach (var options in OptionsTypes)
                {
                    if (Build(form, property.ToString(), options) is not null)
                    {
                        data.Add(form, property.ToString(), options);
                    }
                }
            }
        }

        return data;
    }

    private static string? Build(string form, string property, string options)
    {
        var p = Properties.Single(candidate => candidate.ToString() == property);
        var path = p.OnOptions ? "" : ".TokenValidationParameters";
        return Forms[form](p, options, path) is { } members
            ? Usings + "using Microsoft.AspNetCore.Authentication.OpenIdConnect;\n#nullable enable\nclass C\n{\n    " + members + "\n}\n"
            : null;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public Task Every_assignment_form_is_seen_by_every_property_rule(string form, string property, string options)
    {
        var test = new AnalyzerTest(TokenValidationAnalyzer.AllRules());
        test.Sources.Add(Build(form, property, options)!);
        return test.RunAsync();
    }
}
