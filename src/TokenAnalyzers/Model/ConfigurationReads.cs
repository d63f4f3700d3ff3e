using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// Which configuration path the code reads (the code half of the TA5xx rules; <see cref="AppSettings.AppSettingsView"/>
    /// is the file half). A read is direct, <c>configuration["A:B"]</c>, <c>GetValue&lt;string&gt;("A:B")</c>,
    /// <c>GetSection("A")["B"]</c>, <c>GetSection("A:B").Value</c> (sections also through locals and fields with one
    /// assignment), or a property of an options class, whose path is known once the compilation's bindings are:
    /// <c>GetSection("A").Get&lt;T&gt;()</c>, <c>Bind</c>, <c>Configure&lt;T&gt;(section)</c>,
    /// <c>AddOptions&lt;T&gt;().Bind(section)</c> and <c>BindConfiguration("A")</c> (<see cref="RecordBinding"/>).
    /// Resolved once per compilation; null when Microsoft.Extensions.Configuration is not referenced.
    /// </summary>
    internal sealed class ConfigurationReads
    {
        private const int MaxDepth = 6;
        private const string IConfigurationName = "Microsoft.Extensions.Configuration.IConfiguration";
        private const string IConfigurationSectionName = "Microsoft.Extensions.Configuration.IConfigurationSection";
        private const string ConfigurationBinderName = "Microsoft.Extensions.Configuration.ConfigurationBinder";
        private const string ConfigurationKeyNameAttributeName = "Microsoft.Extensions.Configuration.ConfigurationKeyNameAttribute";
        private const string OptionsBuilderName = "Microsoft.Extensions.Options.OptionsBuilder`1";

        private static readonly ConditionalWeakTable<Compilation, StrongBox<ConfigurationReads?>> Cache =
            new ConditionalWeakTable<Compilation, StrongBox<ConfigurationReads?>>();

        private readonly ConcurrentDictionary<ITypeSymbol, ConcurrentDictionary<string, byte>> _bindings =
            new ConcurrentDictionary<ITypeSymbol, ConcurrentDictionary<string, byte>>(SymbolEqualityComparer.Default);

        private ConfigurationReads(Compilation compilation, INamedTypeSymbol configuration)
        {
            Compilation = compilation;
            Configuration = configuration;
            Section = compilation.GetBestTypeByMetadataName(IConfigurationSectionName);
            Binder = compilation.GetBestTypeByMetadataName(ConfigurationBinderName);
            KeyNameAttribute = compilation.GetBestTypeByMetadataName(ConfigurationKeyNameAttributeName);
            OptionsBuilder = compilation.GetBestTypeByMetadataName(OptionsBuilderName);
        }

        public Compilation Compilation { get; }
        public INamedTypeSymbol Configuration { get; }
        public INamedTypeSymbol? Section { get; }
        public INamedTypeSymbol? Binder { get; }
        public INamedTypeSymbol? KeyNameAttribute { get; }
        public INamedTypeSymbol? OptionsBuilder { get; }

        /// <summary>The names of the binding calls <see cref="RecordBinding"/> understands: the scanner's pre-filter.</summary>
        /// <remarks>
        /// Generic calls (<c>Get&lt;T&gt;()</c>, <c>Configure&lt;T&gt;(section)</c>) have no name right before their
        /// <c>(</c>, so the scanner cannot see them: they are found from the <c>GetSection</c> they consume
        /// (<see cref="RecordBindingsOf"/>), and a local holding <c>Get&lt;T&gt;()</c> is followed back by <see cref="ReadOf"/>.
        /// </remarks>
        public static readonly ImmutableArray<string> BindingMethodNames = ImmutableArray.Create("GetSection", "GetRequiredSection", "Bind", "BindConfiguration");

        /// <summary>
        /// Syntax only, before anything is bound: <c>Get</c> and <c>Configure</c> bind options only as generic calls
        /// (<c>Get&lt;T&gt;()</c>, <c>Configure&lt;T&gt;(section)</c>); <c>Bind</c> and <c>BindConfiguration</c> take arguments.
        /// </summary>
        public static bool MayBind(Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax invocation)
        {
            var name = invocation.Expression switch
            {
                Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access => access.Name,
                Microsoft.CodeAnalysis.CSharp.Syntax.MemberBindingExpressionSyntax binding => binding.Name,
                Microsoft.CodeAnalysis.CSharp.Syntax.SimpleNameSyntax simple => simple,
                _ => null,
            };
            return name?.Identifier.ValueText switch
            {
                "GetSection" or "GetRequiredSection" or "Bind" or "BindConfiguration" => invocation.ArgumentList.Arguments.Count > 0,
                _ => false,
            };
        }

        public static ConfigurationReads? TryCreate(Compilation compilation) =>
            Cache.GetValue(compilation, static c => new StrongBox<ConfigurationReads?>(
                c.GetBestTypeByMetadataName(IConfigurationName) is { } configuration ? new ConfigurationReads(c, configuration) : null)).Value;

        /// <summary>An <c>IConfiguration</c> (root, manager or section).</summary>
        public bool IsConfiguration(ITypeSymbol? type)
        {
            if (type is null)
            {
                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(type, Configuration))
            {
                return true;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented, Configuration))
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsSectionType(ITypeSymbol? type) =>
            type is not null && Section is not null &&
            (SymbolEqualityComparer.Default.Equals(type, Section) || type.AllInterfaces.Contains(Section, SymbolEqualityComparer.Default));

        /// <summary>
        /// The section an <c>IConfiguration</c> expression stands for: "" for the root (a configuration that is not
        /// typed as a section), "A:B" for <c>GetSection("A").GetSection("B")</c>, null when it cannot be known.
        /// </summary>
        public string? SectionOf(IOperation? operation, CancellationToken cancellationToken) => SectionOf(operation, cancellationToken, 0);

        private string? SectionOf(IOperation? operation, CancellationToken cancellationToken, int depth)
        {
            operation = Unwrap(operation);
            if (operation is null || depth > MaxDepth)
            {
                return null;
            }

            switch (operation)
            {
                case IInvocationOperation { TargetMethod.Name: "GetSection" or "GetRequiredSection" } invocation when Key(invocation, 0, cancellationToken) is { } key:
                    var receiver = invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
                    return IsConfiguration(receiver?.Type) ? Combine(SectionOf(receiver, cancellationToken, depth + 1), key) : null;
                case ILocalReferenceOperation local:
                    return SingleWrite(local.Local, cancellationToken) is { } localValue ? SectionOf(localValue, cancellationToken, depth + 1) : null;
                case IFieldReferenceOperation field when IsSectionType(field.Type):
                    return SingleWrite(field.Field, cancellationToken) is { } fieldValue ? SectionOf(fieldValue, cancellationToken, depth + 1) : null;
                default:
                    // A configuration that is not typed as a section (builder.Configuration, an injected IConfiguration) is the root.
                    return IsConfiguration(operation.Type) && !IsSectionType(operation.Type) ? string.Empty : null;
            }
        }

        /// <summary>
        /// What configuration a string value comes from, or null: the direct paths, and the options-class members whose
        /// paths depend on the compilation's bindings. Follows <c>!</c>, <c>?? fallback</c>, conversions, and locals and
        /// fields with one assignment.
        /// </summary>
        public ConfigurationRead? ReadOf(IOperation? value, CancellationToken cancellationToken) => ReadOf(value, cancellationToken, 0);

        private ConfigurationRead? ReadOf(IOperation? value, CancellationToken cancellationToken, int depth)
        {
            value = Unwrap(value);
            if (value is null || depth > MaxDepth)
            {
                return null;
            }

            switch (value)
            {
                case ICoalesceOperation coalesce:
                    return ReadOf(coalesce.Value, cancellationToken, depth + 1);
                case IConditionalAccessOperation conditional:
                    return ReadOf(conditional.WhenNotNull, cancellationToken, depth + 1); // options?.Key: Get<T>() returns T?
                case IInvocationOperation { TargetMethod: { Name: "Get", IsGenericMethod: true }, Type.SpecialType: SpecialType.System_String } getString when IsBinder(getString.TargetMethod):
                    // GetSection("Jwt:Key").Get<string>(): the binder reads the section's own value.
                    var stringReceiver = getString.Instance ?? (getString.Arguments.Length > 0 ? getString.Arguments[0].Value : null);
                    return SectionOf(stringReceiver, cancellationToken, depth + 1) is { Length: > 0 } stringSection ? ConfigurationRead.Direct(stringSection) : null;
                case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer when IsConfiguration(indexer.Instance?.Type):
                    return Key(indexer.Arguments[0].Value, cancellationToken) is { } indexKey && SectionOf(indexer.Instance, cancellationToken, depth + 1) is { } indexSection
                        ? ConfigurationRead.Direct(Combine(indexSection, indexKey))
                        : null;
                case IPropertyReferenceOperation { Property.Name: "Value", Arguments.Length: 0 } sectionValue when IsSectionType(sectionValue.Instance?.Type):
                    return SectionOf(sectionValue.Instance, cancellationToken, depth + 1) is { Length: > 0 } valueSection ? ConfigurationRead.Direct(valueSection) : null;
                case IInvocationOperation { TargetMethod.Name: "GetValue" } getValue when IsBinder(getValue.TargetMethod):
                    var receiver = getValue.Instance ?? (getValue.Arguments.Length > 0 ? getValue.Arguments[0].Value : null);
                    return IsConfiguration(receiver?.Type) && KeyArgument(getValue, "key", cancellationToken) is { } valueKey && SectionOf(receiver, cancellationToken, depth + 1) is { } getSection
                        ? ConfigurationRead.Direct(Combine(getSection, valueKey))
                        : null;
                case ILocalReferenceOperation local:
                    return SingleWrite(local.Local, cancellationToken) is { } localValue ? ReadOf(localValue, cancellationToken, depth + 1) : null;
                case IFieldReferenceOperation field:
                    return SingleWrite(field.Field, cancellationToken) is { } fieldValue ? ReadOf(fieldValue, cancellationToken, depth + 1) : null;
                case IPropertyReferenceOperation { Arguments.Length: 0, Instance: { } } property:
                    return MemberRead(property, cancellationToken);
                default:
                    return null;
            }
        }

        /// <summary><c>settings.Key</c>, <c>settings.Jwt.Key</c>, <c>options.Value.Key</c>, <c>GetSection("Jwt").Get&lt;T&gt;()!.Key</c>.</summary>
        private ConfigurationRead? MemberRead(IPropertyReferenceOperation property, CancellationToken cancellationToken)
        {
            var members = new List<MemberPath>();
            var path = KeyName(property.Property);
            IOperation? instance = property.Instance;
            for (var depth = 0; depth < MaxDepth; depth++)
            {
                instance = Unwrap(instance);
                if (instance is IConditionalAccessInstanceOperation && ConditionalAccess.ReceiverOf(instance) is { } receiverOfAccess)
                {
                    instance = Unwrap(receiverOfAccess); // settings?.Jwt?.Key: the value the ?. tested
                }

                if (instance?.Type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } type || type.SpecialType != SpecialType.None || IsConfiguration(type))
                {
                    return null;
                }

                members.Add(new MemberPath(type, path));
                if (instance is IInvocationOperation { TargetMethod.Name: "Get", TargetMethod.IsGenericMethod: true } get && IsBinder(get.TargetMethod))
                {
                    var receiver = get.Instance ?? (get.Arguments.Length > 0 ? get.Arguments[0].Value : null);
                    return SectionOf(receiver, cancellationToken) is { } section
                        ? new ConfigurationRead(ImmutableArray.Create(Combine(section, path)), members.ToImmutableArray())
                        : new ConfigurationRead(ImmutableArray<string>.Empty, members.ToImmutableArray());
                }

                if (instance is ILocalReferenceOperation or IFieldReferenceOperation &&
                    SingleWrite(((IMemberReferenceOperation?)(instance as IFieldReferenceOperation))?.Member ?? ((ILocalReferenceOperation)instance).Local, cancellationToken) is { } stored &&
                    Unwrap(stored) is IInvocationOperation { TargetMethod.Name: "Get", TargetMethod.IsGenericMethod: true } storedGet && IsBinder(storedGet.TargetMethod))
                {
                    var receiver = storedGet.Instance ?? (storedGet.Arguments.Length > 0 ? storedGet.Arguments[0].Value : null);
                    RecordBinding(storedGet, cancellationToken);
                    return SectionOf(receiver, cancellationToken) is { } storedSection
                        ? new ConfigurationRead(ImmutableArray.Create(Combine(storedSection, path)), members.ToImmutableArray())
                        : new ConfigurationRead(ImmutableArray<string>.Empty, members.ToImmutableArray());
                }

                if (instance is IPropertyReferenceOperation { Arguments.Length: 0, Instance: { } outer } nested &&
                    nested.Property.ContainingType is { TypeKind: TypeKind.Class or TypeKind.Struct })
                {
                    path = KeyName(nested.Property) + ":" + path;
                    instance = outer;
                    continue;
                }

                break;
            }

            return new ConfigurationRead(ImmutableArray<string>.Empty, members.ToImmutableArray());
        }

        /// <summary>The configuration key of a bound property: its name, or its <c>[ConfigurationKeyName]</c>.</summary>
        private string KeyName(IPropertySymbol property)
        {
            if (KeyNameAttribute is not null)
            {
                foreach (var attribute in property.GetAttributes())
                {
                    if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, KeyNameAttribute) &&
                        attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name)
                    {
                        return name;
                    }
                }
            }

            return property.Name;
        }

        /// <summary>
        /// Records that an options class is bound from a section, when <paramref name="invocation"/> is
        /// <c>section.Get&lt;T&gt;()</c>, <c>section.Bind(instance)</c>, <c>configuration.Bind("A", instance)</c>,
        /// <c>services.Configure&lt;T&gt;(section)</c>, <c>AddOptions&lt;T&gt;().Bind(section)</c> or <c>.BindConfiguration("A")</c>.
        /// </summary>
        public void RecordBinding(IInvocationOperation invocation, CancellationToken cancellationToken)
        {
            var method = invocation.TargetMethod;
            var arguments = invocation.Arguments;
            var receiver = invocation.Instance ?? (method.IsExtensionMethod && arguments.Length > 0 ? arguments[0].Value : null);
            var first = method.IsExtensionMethod && invocation.Instance is null ? 1 : 0;
            switch (method.Name)
            {
                case "Get" when method.IsGenericMethod && IsBinder(method):
                    Record(method.TypeArguments[0], SectionOf(receiver, cancellationToken));
                    break;
                case "Bind" when IsBinder(method):
                    // Bind(instance) or Bind("key", instance) on a configuration.
                    var instance = arguments.Length > first ? arguments[arguments.Length - 1].Value : null;
                    for (var i = first; i < arguments.Length; i++)
                    {
                        if (arguments[i].Parameter?.Name == "instance")
                        {
                            instance = arguments[i].Value;
                        }
                    }

                    var section = SectionOf(receiver, cancellationToken);
                    if (KeyArgument(invocation, "key", cancellationToken) is { } key)
                    {
                        section = Combine(section, key);
                    }

                    Record(Unwrap(instance)?.Type, section);
                    break;
                case "Bind" when IsOptionsBuilder(receiver?.Type, out var boundType):
                    foreach (var argument in arguments)
                    {
                        if (IsConfiguration(argument.Value.Type))
                        {
                            Record(boundType, SectionOf(argument.Value, cancellationToken));
                        }
                    }

                    break;
                case "BindConfiguration" when IsOptionsBuilder(receiver?.Type, out var configuredType):
                    Record(configuredType, KeyArgument(invocation, "configSectionPath", cancellationToken));
                    break;
                case "Configure" when method.IsGenericMethod && method.TypeArguments.Length == 1:
                    foreach (var argument in arguments)
                    {
                        if (argument.Parameter?.Name == "config" && IsConfiguration(argument.Value.Type))
                        {
                            Record(method.TypeArguments[0], SectionOf(argument.Value, cancellationToken));
                        }
                    }

                    break;
            }
        }

        /// <summary>
        /// Records the bindings a candidate call makes: a <c>Bind</c>/<c>BindConfiguration</c> call itself, or, for a
        /// <c>GetSection</c>, the binding calls that consume the section in the same member (directly or through locals).
        /// </summary>
        public void RecordBindingsOf(IInvocationOperation invocation, SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        {
            if (invocation.TargetMethod.Name is not ("GetSection" or "GetRequiredSection"))
            {
                RecordBinding(invocation, cancellationToken);
                return;
            }

            if (MemberBody.Find(node, model, cancellationToken) is not { } body)
            {
                return;
            }

            var flow = new ValueFlow(new LocalReads(body), static (_, _) => false).Follow(invocation);
            foreach (var (_, consumer) in flow.Uses)
            {
                switch (consumer)
                {
                    case IArgumentOperation { Parent: IInvocationOperation call }:
                        RecordBinding(call, cancellationToken);
                        break;
                    case IInvocationOperation call:
                        RecordBinding(call, cancellationToken);
                        break;
                }
            }
        }

        /// <summary>The paths <paramref name="read"/> stands for, with the bindings recorded so far (call at compilation end).</summary>
        public ImmutableArray<string> PathsOf(ConfigurationRead read)
        {
            var paths = ImmutableArray.CreateBuilder<string>();
            paths.AddRange(read.Paths);
            foreach (var (type, member) in read.Members)
            {
                if (_bindings.TryGetValue(type, out var sections))
                {
                    foreach (var section in sections.Keys)
                    {
                        var path = Combine(section, member);
                        if (!paths.Contains(path, StringComparer.OrdinalIgnoreCase))
                        {
                            paths.Add(path);
                        }
                    }
                }
            }

            return paths.ToImmutable();
        }

        private void Record(ITypeSymbol? type, string? section)
        {
            if (type is null || section is null)
            {
                return;
            }

            _bindings.GetOrAdd(type, _ => new ConcurrentDictionary<string, byte>(StringComparer.OrdinalIgnoreCase))[section] = 0;
        }

        private bool IsBinder(IMethodSymbol method) =>
            Binder is not null && SymbolEqualityComparer.Default.Equals((method.ReducedFrom ?? method).ContainingType, Binder);

        private bool IsOptionsBuilder(ITypeSymbol? type, out ITypeSymbol? boundType)
        {
            boundType = null;
            if (type is INamedTypeSymbol { IsGenericType: true } named && OptionsBuilder is not null &&
                SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, OptionsBuilder))
            {
                boundType = named.TypeArguments[0];
                return true;
            }

            return false;
        }

        public static string Combine(string? section, string key) =>
            string.IsNullOrEmpty(section) ? key : section + ":" + key;

        /// <summary>The constant string argument bound to parameter <paramref name="name"/>.</summary>
        private string? KeyArgument(IInvocationOperation invocation, string name, CancellationToken cancellationToken)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == name && argument.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    return Key(argument.Value, cancellationToken);
                }
            }

            return null;
        }

        /// <summary>The constant string argument at <paramref name="index"/> after the extension receiver.</summary>
        private string? Key(IInvocationOperation invocation, int index, CancellationToken cancellationToken)
        {
            var offset = invocation.TargetMethod.IsExtensionMethod && invocation.Instance is null ? 1 : 0;
            return invocation.Arguments.Length > index + offset ? Key(invocation.Arguments[index + offset].Value, cancellationToken) : null;
        }

        /// <summary>
        /// A section name or key as the Terms' values are read: a constant, or a <c>static readonly</c> field or local
        /// whose every write is that constant (round AE: <c>public static readonly string SectionName = "Jwt"</c>, in
        /// many public options classes). Null for an empty or unknown one.
        /// </summary>
        public string? Key(IOperation? value, CancellationToken cancellationToken) =>
            ConstantText(Unwrap(value), cancellationToken, 0) is { Length: > 0 } key ? key : null;

        /// <summary>
        /// The text of a constant string, also when it is put together from such strings by interpolation or <c>+</c>
        /// (round AG: <c>configuration[$"{JwtSettings.SectionName}:SigningKey"]</c> with a <c>static readonly</c>
        /// section name, which the compiler does not fold as it folds a <c>const</c>).
        /// </summary>
        private string? ConstantText(IOperation? value, CancellationToken cancellationToken, int depth)
        {
            if (value is null || depth > MaxDepth)
            {
                return null;
            }

            if (ConstantValues.GetConstant(value, Compilation, cancellationToken) is { HasValue: true, Value: string text })
            {
                return text;
            }

            switch (value)
            {
                case IInterpolatedStringOperation interpolated:
                    var builder = new System.Text.StringBuilder();
                    foreach (var part in interpolated.Parts)
                    {
                        if (part is IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string literal } })
                        {
                            builder.Append(literal);
                        }
                        else if (part is IInterpolationOperation { Alignment: null, FormatString: null } hole &&
                                 ConstantText(Unwrap(hole.Expression), cancellationToken, depth + 1) is { } holeText)
                        {
                            builder.Append(holeText);
                        }
                        else
                        {
                            return null;
                        }
                    }

                    return builder.ToString();
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } concatenation:
                    return ConstantText(Unwrap(concatenation.LeftOperand), cancellationToken, depth + 1) is { } left &&
                           ConstantText(Unwrap(concatenation.RightOperand), cancellationToken, depth + 1) is { } right
                        ? left + right
                        : null;
                default:
                    return null;
            }
        }

        private static IOperation? Unwrap(IOperation? operation)
        {
            while (true)
            {
                operation = DelegateBody.Unwrap(operation);
                if (operation is IConversionOperation { OperatorMethod: null } conversion)
                {
                    operation = conversion.Operand;
                    continue;
                }

                return operation;
            }
        }

        /// <summary>The one value written to a local or a fully visible or readonly field (declaration or single assignment), or null.</summary>
        private IOperation? SingleWrite(ISymbol symbol, CancellationToken cancellationToken) =>
            SymbolWrites.SingleWrite(symbol, Compilation, cancellationToken, includeReadOnlyFields: true);
    }

    /// <summary>A configuration read of the code: direct paths, and options-class members resolved by the bindings.</summary>
    internal sealed class ConfigurationRead
    {
        public ConfigurationRead(ImmutableArray<string> paths, ImmutableArray<MemberPath> members)
        {
            Paths = paths;
            Members = members;
        }

        public ImmutableArray<string> Paths { get; }
        public ImmutableArray<MemberPath> Members { get; }

        public static ConfigurationRead Direct(string path) =>
            new ConfigurationRead(ImmutableArray.Create(path), ImmutableArray<MemberPath>.Empty);
    }

    /// <summary>
    /// A member of an options class and its path below the bound section (<c>Jwt:Key</c>). A class, not a tuple: a list
    /// or immutable array of a tuple is code the JIT compiles for that tuple alone at first use (issue 22).
    /// </summary>
    internal sealed class MemberPath
    {
        public MemberPath(ITypeSymbol type, string member)
        {
            Type = type;
            Member = member;
        }

        public ITypeSymbol Type { get; }

        public string Member { get; }

        public void Deconstruct(out ITypeSymbol type, out string member)
        {
            type = Type;
            member = Member;
        }
    }
}
