using System.Text;
using System.Threading;
using System;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// An Entra ID (Azure AD) authority as RULES.md defines it: a constant string, or an interpolated or concatenated
    /// one whose constant prefix starts with an Entra ID login host. Metadata URLs under such an authority count too.
    /// </summary>
    internal sealed class EntraAuthority
    {
        /// <summary>The Entra ID login hosts (public, US government, China clouds).</summary>
        public static readonly string[] Hosts =
        {
            "https://login.microsoftonline.com/",
            "https://login.windows.net/",
            "https://sts.windows.net/",
            "https://login.microsoftonline.us/",
            "https://login.chinacloudapi.cn/",
            "https://login.partner.microsoftonline.cn/",
        };

        private const int MaxDepth = 4;

        private EntraAuthority(string text, bool isConstant, string? tenant)
        {
            Text = text;
            IsConstant = isConstant;
            Tenant = tenant;
        }

        /// <summary>The whole constant, or the constant prefix of an interpolated/concatenated string.</summary>
        public string Text { get; }

        /// <summary>True when <see cref="Text"/> is the whole value.</summary>
        public bool IsConstant { get; }

        /// <summary>The tenant segment when the constant part holds it whole (<c>common</c>, a GUID, a domain), else null.</summary>
        public string? Tenant { get; }

        /// <summary><c>common</c>, <c>organizations</c> or <c>consumers</c>: tokens of every tenant (or every MSA account) are signed for it.</summary>
        public bool IsMultiTenant => IsMultiTenantName(Tenant);

        /// <summary>The Term's multi-tenant tenant names: <c>common</c>, <c>organizations</c>, <c>consumers</c> (any case, trimmed).</summary>
        public static bool IsMultiTenantName(string? tenant)
        {
            var value = tenant?.Trim();
            return string.Equals(value, "common", StringComparison.OrdinalIgnoreCase) ||
                   string.Equals(value, "organizations", StringComparison.OrdinalIgnoreCase) ||
                   string.Equals(value, "consumers", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>An absolute address whose first path segment is a multi-tenant name, whatever its host: <c>https://login.microsoft.com/common/v2.0</c>.</summary>
        public static bool HasMultiTenantFirstSegment(string address) =>
            Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Segments.Length > 1 && IsMultiTenantName(uri.Segments[1].TrimEnd('/'));

        /// <summary>
        /// A constant piece of an address (a literal, or the text of an interpolation) whose first path segment is a
        /// multi-tenant name: <c>"/common/v2.0"</c>, <c>"organizations/v2.0"</c> after an instance that ends in a slash,
        /// <c>"/consumers"</c>. The address's host may come from configuration; the tenant is still written out.
        /// </summary>
        public static bool HasMultiTenantSegment(string piece)
        {
            if (piece.IndexOf('/') < 0)
            {
                return false; // a bare word is not a path segment
            }

            // The first segment of the piece, where the tenant follows the host: "/realms/common" is a realm's name.
            foreach (var segment in piece.Split('/'))
            {
                if (segment.Length > 0)
                {
                    return IsMultiTenantName(segment);
                }
            }

            return false;
        }

        /// <summary>
        /// The authority to hand to <c>AadIssuerValidator.GetAadIssuerValidator</c> when the value is a constant: the
        /// value itself, without a trailing metadata path (<c>/.well-known/openid-configuration</c>).
        /// </summary>
        public string? ConstantAuthority
        {
            get
            {
                if (!IsConstant)
                {
                    return null;
                }

                var wellKnown = Text.IndexOf("/.well-known/", StringComparison.OrdinalIgnoreCase);
                return wellKnown > 0 ? Text.Substring(0, wellKnown) : Text;
            }
        }

        public static EntraAuthority? Recognize(IOperation? value, Compilation compilation, CancellationToken cancellationToken)
        {
            var (text, isConstant) = ConstantPrefix(value, compilation, cancellationToken, 0);
            return text is null ? null : FromText(text, isConstant);
        }

        public static EntraAuthority? FromText(string text, bool isConstant)
        {
            foreach (var host in Hosts)
            {
                if (!text.StartsWith(host, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var rest = text.Substring(host.Length);
                var end = rest.IndexOfAny(new[] { '/', '?', '#' });
                string? tenant = end >= 0 ? rest.Substring(0, end) : isConstant ? rest : null;
                return new EntraAuthority(text, isConstant, string.IsNullOrEmpty(tenant) ? null : tenant);
            }

            return null;
        }

        /// <summary>The constant start of a string value: (whole constant, true), (prefix, false), or (null, false).</summary>
        private static (string? Text, bool IsConstant) ConstantPrefix(IOperation? value, Compilation compilation, CancellationToken cancellationToken, int depth)
        {
            value = DelegateBody.Unwrap(value);
            if (value is null || depth > MaxDepth)
            {
                return (null, false);
            }

            if (ConstantValues.GetConstant(value, compilation, cancellationToken) is { HasValue: true, Value: string constant })
            {
                return (constant, true);
            }

            switch (value)
            {
                case IInterpolatedStringOperation interpolated:
                    return InterpolatedPrefix(interpolated, compilation, cancellationToken, depth);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                    var left = ConstantPrefix(binary.LeftOperand, compilation, cancellationToken, depth + 1);
                    if (left.Text is null || !left.IsConstant)
                    {
                        return (left.Text, false);
                    }

                    var right = ConstantPrefix(binary.RightOperand, compilation, cancellationToken, depth + 1);
                    return (left.Text + (right.Text ?? string.Empty), right.IsConstant);
                case IInvocationOperation { TargetMethod: { Name: "Format", ContainingType.SpecialType: SpecialType.System_String } } format
                    when format.Arguments.Length > 1:
                    // string.Format(format, ...) or string.Format(CultureInfo.InvariantCulture, format, ...)
                    var pattern = ConstantPrefix(FormatArgument(format, "format"), compilation, cancellationToken, depth + 1);
                    return pattern.Text is null || !pattern.IsConstant
                        ? (null, false) // a non-constant format
                        : FormatPrefix(pattern.Text, format, compilation, cancellationToken, depth);
                case ILocalReferenceOperation local:
                    return ConstantPrefix(SymbolWrites.SingleWrite(local.Local, compilation, cancellationToken), compilation, cancellationToken, depth + 1);
                case IFieldReferenceOperation field:
                    return ConstantPrefix(SymbolWrites.SingleWrite(field.Field, compilation, cancellationToken), compilation, cancellationToken, depth + 1);
                default:
                    return (null, false);
            }
        }

        private static IOperation? FormatArgument(IInvocationOperation format, string name)
        {
            foreach (var argument in format.Arguments)
            {
                if (argument.Parameter?.Name == name)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        /// <summary>
        /// The constant start of a formatted string: the format's text, each plain hole (<c>{0}</c>, no alignment or
        /// format) filled with its argument's constant start (round AO: <c>string.Format("{0}{1}/v2.0", Instance,
        /// "common")</c>), up to the first hole whose value is not constant.
        /// </summary>
        private static (string? Text, bool IsConstant) FormatPrefix(string pattern, IInvocationOperation format, Compilation compilation, CancellationToken cancellationToken, int depth)
        {
            var prefix = new StringBuilder();
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                if (c != '{' && c != '}')
                {
                    prefix.Append(c);
                    continue;
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == c)
                {
                    prefix.Append(c); // an escaped brace
                    i++;
                    continue;
                }

                var close = pattern.IndexOf('}', i);
                if (c == '}' || close < 0 ||
                    !int.TryParse(pattern.Substring(i + 1, close - i - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) ||
                    ConstantPrefix(FormatValue(format, index), compilation, cancellationToken, depth + 1) is not { Text: { } text } hole)
                {
                    return (prefix.ToString(), false);
                }

                prefix.Append(text);
                if (!hole.IsConstant)
                {
                    return (prefix.ToString(), false);
                }

                i = close;
            }

            return (prefix.ToString(), true);
        }

        /// <summary>The value of hole <paramref name="index"/>: <c>arg0</c>-<c>arg2</c>, or an element of a <c>params</c> array.</summary>
        private static IOperation? FormatValue(IInvocationOperation format, int index)
        {
            if (index <= 2 && FormatArgument(format, "arg" + index) is { } value)
            {
                return value;
            }

            return FormatArgument(format, "args") is IArrayCreationOperation { Initializer.ElementValues: var elements } && index < elements.Length
                ? elements[index]
                : null;
        }

        /// <summary>
        /// The constant start of an interpolation: its text and the holes whose values are constant, up to the first
        /// other hole, which adds its own known start (<c>$"{authority}/v2.0"</c> with a local that holds
        /// <c>$"https://login.microsoftonline.com/{tenant}"</c>) and ends the prefix.
        /// </summary>
        private static (string? Text, bool IsConstant) InterpolatedPrefix(IInterpolatedStringOperation interpolated, Compilation compilation, CancellationToken cancellationToken, int depth)
        {
            var prefix = new StringBuilder();
            foreach (var part in interpolated.Parts)
            {
                switch (part)
                {
                    case IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string text } }:
                        prefix.Append(text);
                        break;
                    case IInterpolationOperation { Alignment: null, FormatString: null } hole
                        when ConstantPrefix(hole.Expression, compilation, cancellationToken, depth + 1) is { Text: { } holeText } known:
                        prefix.Append(holeText);
                        if (!known.IsConstant)
                        {
                            return (prefix.ToString(), false);
                        }

                        break;
                    default:
                        return prefix.Length == 0 ? (null, false) : (prefix.ToString(), false);
                }
            }

            return (prefix.ToString(), true);
        }
    }
}
