using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.AppSettings;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;
using static TokenAnalyzers.Rules.RuleDescriptors;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// TA504: Microsoft.Identity.Web configured for <c>common</c>, <c>organizations</c> or <c>consumers</c> (in the
    /// section it binds, <see cref="AppSettingsView"/>, or as <c>MicrosoftIdentityOptions.TenantId</c> in code) while
    /// nothing in the project restricts the tenant (<see cref="TenantRestriction"/>). Identity.Web's issuer validator
    /// fills its <c>{tenantid}</c> template from the token's own <c>tid</c>, so it checks the issuer's format, not
    /// the tenant. Reported at compilation end: the restriction may be in any file.
    /// </summary>
    internal sealed class OpenTenantRule : TokenRule
    {
        private const string DefaultSection = "AzureAd";

        private static readonly string[] ConfiguringMethods =
        {
            "AddMicrosoftIdentityWebApi",
            "AddMicrosoftIdentityWebApiAuthentication",
            "AddMicrosoftIdentityWebApp",
            "AddMicrosoftIdentityWebAppAuthentication",
        };

        /// <summary>The authority an Identity.Web application configured for common/organizations/consumers has.</summary>
        private static readonly EntraAuthority MultiTenant = EntraAuthority.FromText("https://login.microsoftonline.com/common/v2.0", isConstant: true)!;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(EntraSignInOpenToEveryTenant);

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
            var compilation = start.Compilation;
            if (symbols.MicrosoftIdentityOptions is null)
            {
                return; // Microsoft.Identity.Web is not referenced
            }

            var sections = new ConcurrentDictionary<string, byte>(StringComparer.OrdinalIgnoreCase);
            var codeTenants = new ConcurrentQueue<(Location Location, string Tenant)>();
            var restricted = 0;

            start.OnNamed(CandidateKind.Invocation, ConfiguringMethods, node =>
            {
                if (OperationTrees.Get(node.SemanticModel, node.Node, node.CancellationToken) is IInvocationOperation invocation &&
                    IdentityWebCallbacks.IsIdentityWebMethod(invocation.TargetMethod))
                {
                    foreach (var section in SectionsOf(invocation, ConfigurationReads.TryCreate(compilation), node.CancellationToken))
                    {
                        sections[section] = 0;
                    }
                }
            });

            // Any value: a const of the tenant counts too; the constant is checked once bound.
            start.OnAssignment(new[] { "TenantId" }, ValueFilter.Any, node =>
            {
                if (OperationTrees.Get(node.SemanticModel, node.Node, node.CancellationToken) is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment &&
                    property.Property.ContainingType.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.Identity.", StringComparison.Ordinal) == true &&
                    assignment.Value.ConstantValue is { HasValue: true, Value: string tenant } &&
                    EntraAuthority.IsMultiTenantName(tenant))
                {
                    codeTenants.Enqueue((node.Node.GetLocation(), tenant.Trim()));
                }
            });

            // A custom issuer validator restricts the tenant unless it accepts all (TA202's Term, shared) or is Entra's
            // own validator for a multi-tenant authority (TA301's Term: it takes the tenant from the token).
            start.OnPropertyAssignment(symbols, new[] { "IssuerValidator", "IssuerValidatorUsingConfiguration" }, ValueFilter.Any, context =>
            {
                if (Volatile.Read(ref restricted) == 0 &&
                    !TenantRestriction.IsInOtherScheme(context.Assignment.Syntax) &&
                    !AcceptAllDelegates.IsAcceptAll(context.Assignment.Value, ValidatorKind.Issuer, symbols, context.CancellationToken) &&
                    !MultiTenantAadValidator.Is(context.Assignment.Value, MultiTenant, symbols, context.CancellationToken))
                {
                    Volatile.Write(ref restricted, 1);
                }
            });

            var rule = Name;
            start.Context.RegisterCompilationEndAction(end => RuleFailures.Run(rule, Location.None, end.ReportDiagnostic, end.CancellationToken, () =>
            {
                if (Volatile.Read(ref restricted) != 0 || (sections.IsEmpty && codeTenants.IsEmpty) ||
                    AnyFileRestrictsTenant(end.Compilation, end.CancellationToken))
                {
                    return;
                }

                foreach (var (location, tenant) in codeTenants)
                {
                    end.ReportDiagnostic(Diagnostic.Create(EntraSignInOpenToEveryTenant, location, "MicrosoftIdentityOptions.TenantId", tenant, Audience(tenant)));
                }

                if (sections.IsEmpty)
                {
                    return;
                }

                var reported = new ReportedPositions();
                foreach (var view in AppSettingsView.Build(AppSettingsFile.ReadAll(end.Options.AdditionalFiles, end.CancellationToken)))
                {
                    foreach (var section in sections.Keys)
                    {
                        if (OpenTenantSetting(view, section) is not { } found || !reported.Add(found.Setting.File.Path, found.Setting.Node.KeySpan.Start))
                        {
                            continue;
                        }

                        var setting = found.Setting;
                        ConfigurationFindings.Report(end.Options, setting.File, EntraSignInOpenToEveryTenant, setting.Node.KeySpan, end.ReportDiagnostic, end.CancellationToken, setting.Path, setting.Node.Scalar, Audience(found.Tenant));
                    }
                }
            }));
        }

        /// <summary>
        /// Whether any file holds a tenant check (<see cref="TenantRestriction"/>). Asked at compilation end, and only
        /// when the project opens its sign-in to every tenant: a check per file as it was analyzed made every file of
        /// every Identity.Web project pay for a question most never need answered (issue 22). Optimized from its
        /// first call, as a loop over every file run once per compilation (<see cref="JitHints"/>).
        /// </summary>
        [MethodImpl(JitHints.FullyOptimized)]
        private static bool AnyFileRestrictsTenant(Compilation compilation, CancellationToken cancellationToken)
        {
            var helpers = new Dictionary<string, List<SyntaxNode>>(StringComparer.Ordinal);
            foreach (var tree in compilation.SyntaxTrees)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (TenantRestriction.IsIn(tree.GetRoot(cancellationToken), tree.GetText(cancellationToken).ToString(), helpers))
                {
                    return true;
                }
            }

            if (helpers.Count == 0)
            {
                return false;
            }

            // A helper that reads the claim counts where a request check calls it (round AQ).
            foreach (var tree in compilation.SyntaxTrees)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (TenantRestriction.CallsHelperInCheck(tree.GetRoot(cancellationToken), tree.GetText(cancellationToken).ToString(), helpers, compilation))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The setting that opens the section to every tenant: TenantId, else Authority, else (without a TenantId) Instance.</summary>
        private static (AppSettingsView.Setting Setting, string Tenant)? OpenTenantSetting(AppSettingsView view, string section)
        {
            var tenantId = view.Find(ConfigurationReads.Combine(section, "TenantId"));
            if (tenantId is { Node.Kind: JsonKind.String })
            {
                return EntraAuthority.IsMultiTenantName(tenantId.Node.Scalar) ? (tenantId, tenantId.Node.Scalar!.Trim()) : null;
            }

            foreach (var key in new[] { "Authority", "Instance" })
            {
                if (view.Find(ConfigurationReads.Combine(section, key)) is { Node.Kind: JsonKind.String } setting &&
                    EntraAuthority.FromText(setting.Node.Scalar!.Trim(), isConstant: true) is { IsMultiTenant: true } authority)
                {
                    return (setting, authority.Tenant!);
                }
            }

            return null;
        }

        /// <summary>
        /// The configuration sections Identity.Web binds for this call: <c>configSectionName</c> (default "AzureAd") of
        /// the configuration argument, the section argument, or the sections bound inside the option delegates
        /// (<c>configuration.Bind("AzureAd", options)</c>, <c>GetSection("AzureAd").Bind(options)</c>).
        /// </summary>
        private static IEnumerable<string> SectionsOf(IInvocationOperation invocation, ConfigurationReads? reads, CancellationToken cancellationToken)
        {
            if (reads is null)
            {
                yield break;
            }

            string? configuration = null;
            var sectionName = DefaultSection;
            foreach (var argument in invocation.Arguments)
            {
                switch (argument.Parameter?.Name)
                {
                    case "configuration":
                        configuration = reads.SectionOf(argument.Value, cancellationToken);
                        break;
                    case "configSectionName" when argument.ArgumentKind != ArgumentKind.DefaultValue:
                        sectionName = reads.Key(argument.Value, cancellationToken)!;
                        break;
                    case "configurationSection":
                        if (reads.SectionOf(argument.Value, cancellationToken) is { Length: > 0 } section)
                        {
                            yield return section;
                        }

                        break;
                    case "configureMicrosoftIdentityOptions":
                    case "configureJwtBearerOptions":
                        foreach (var operation in argument.Value.Descendants())
                        {
                            if (operation is IInvocationOperation { TargetMethod.Name: "Bind" } bind && BoundSection(bind, reads, cancellationToken) is { Length: > 0 } bound)
                            {
                                yield return bound;
                            }
                        }

                        break;
                }
            }

            if (configuration is not null && sectionName is not null)
            {
                yield return ConfigurationReads.Combine(configuration, sectionName);
            }
        }

        /// <summary><c>configuration.Bind("A", options)</c> or <c>configuration.GetSection("A").Bind(options)</c>: "A".</summary>
        private static string? BoundSection(IInvocationOperation bind, ConfigurationReads reads, CancellationToken cancellationToken)
        {
            var receiver = bind.Instance ?? (bind.Arguments.Length > 0 ? bind.Arguments[0].Value : null);
            if (!reads.IsConfiguration(receiver?.Type) || reads.SectionOf(receiver, cancellationToken) is not { } section)
            {
                return null;
            }

            foreach (var argument in bind.Arguments)
            {
                if (argument.Parameter?.Name == "key")
                {
                    return DelegateBody.Unwrap(argument.Value)?.ConstantValue is { HasValue: true, Value: string key } ? ConfigurationReads.Combine(section, key) : null;
                }
            }

            return section;
        }

        private static string Audience(string tenant) =>
            string.Equals(tenant, "consumers", StringComparison.OrdinalIgnoreCase) ? "every personal Microsoft account"
            : string.Equals(tenant, "organizations", StringComparison.OrdinalIgnoreCase) ? "every user of every Entra ID tenant"
            : "every user of every Entra ID tenant and every personal Microsoft account";
    }
}
