using TokenAnalyzers.Rules;
using static TokenAnalyzers.Tests.Terms.TermTest;

namespace TokenAnalyzers.Tests.Terms;

/// <summary>
/// RULES.md, Terms, "Values and reads": a collection expression (<c>[a, b]</c>, <c>[.. x]</c>) counts wherever an array,
/// list or collection initializer does, and a list flows through locals and readonly fields with one assignment.
/// TA305 (key bytes) and TA306 (ValidAlgorithms) use it.
/// </summary>
[Trait("Rule", "TA305")]
[Trait("Rule", "TA306")]
[Trait("Rule", "TA310")]
public class CollectionValuesTermTests
{
    private static readonly Engine.TokenRule[] Rules = { new HardCodedKeyRule(), new NoneAlgorithmRule() };

    [Fact]
    public Task Key_bytes_in_a_collection_expression_are_hard_coded() => VerifyAsync(Rules, """
        class C
        {
            private static readonly byte[] Prefix = [0x10, 0x20, 0x30, 0x40];

            SecurityKey[] Keys()
            {
                byte[] local = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08];
                return new SecurityKey[]
                {
                    {|TA305:new SymmetricSecurityKey([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10])|},
                    {|TA305:new SymmetricSecurityKey(local)|},
                    {|TA305:new SymmetricSecurityKey(Prefix)|},
                    {|TA305:new SymmetricSecurityKey([.. Prefix, 0x50, 0x60])|},
                };
            }
        }
        """);

    [Fact]
    public Task Key_bytes_from_a_collection_expression_of_runtime_values_are_not_hard_coded() => VerifyAsync(Rules, """
        class C
        {
            SecurityKey[] Keys(byte[] secret, byte salt, Microsoft.Extensions.Configuration.IConfiguration cfg)
            {
                byte[] fromConfig = [.. Convert.FromBase64String(cfg["Jwt:Key"]!)];
                return new SecurityKey[]
                {
                    new SymmetricSecurityKey([.. secret]),
                    new SymmetricSecurityKey([0x01, salt, 0x03]),
                    new SymmetricSecurityKey(fromConfig),
                    new SymmetricSecurityKey([.. secret, 0x01]),
                };
            }
        }
        """);

    [Fact]
    public Task None_in_any_collection_form_is_reported() => VerifyAsync(Rules, """
        class C
        {
            private static readonly string[] Defaults = ["none", SecurityAlgorithms.RsaSha256];
            private readonly List<string> _legacy = new List<string> { SecurityAlgorithms.None };

            void M(TokenValidationParameters p)
            {
                {|TA306:p.ValidAlgorithms = [.. Defaults]|};
                {|TA306:p.ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256, .. Defaults]|};
                {|TA306:p.ValidAlgorithms = Defaults|};
                {|TA306:p.ValidAlgorithms = _legacy|};
                string[] local = ["RS256", "none"];
                {|TA306:p.ValidAlgorithms = local|};
                List<string> list = ["none"];
                {|TA306:p.ValidAlgorithms = list|};
            }
        }
        """);

    [Fact]
    public Task Lists_without_none_or_that_cannot_be_seen_are_not_reported() => VerifyAsync(Rules, """
        class C
        {
            private static readonly string[] Signed = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];
            private static string[] _mutable = ["none"];

            void M(TokenValidationParameters p, string[] fromCaller)
            {
                p.ValidAlgorithms = [.. Signed];
                p.ValidAlgorithms = [.. Signed, SecurityAlgorithms.RsaSsaPssSha256];
                p.ValidAlgorithms = [.. fromCaller];
                p.ValidAlgorithms = Signed;
                string[] reassigned = ["none"];
                reassigned = ["RS256"];
                p.ValidAlgorithms = reassigned;
                p.ValidAlgorithms = [.. _mutable];
            }

            void Reset() => _mutable = [];
        }
        """);
}
