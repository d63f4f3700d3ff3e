using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// TA305's shapes of contract version 2: <c>u8</c> literals, zero-filled arrays and literal fallbacks (shapes taken
/// from public code: <c>Encoding.UTF8.GetBytes(builder.Configuration["Jwt:Key"] ?? "...")</c>,
/// <c>new SymmetricSecurityKey(new byte[32])</c>). Evidence: LibraryBehaviour/HardCodedKeyShapesBehaviourTests.
/// </summary>
[Trait("Rule", "TA305")]
public class HardCodedKeyShapesTests
{
    private const string ConfigurationUsings = """
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.Extensions.Configuration;

        """;

    private static Task VerifyAsync(string markup) => Verify.AnalyzerAsync<HardCodedKeyRule>(Usings + ConfigurationUsings + markup);

    [Fact]
    public Task Utf8_literals_are_reported_in_every_form() => VerifyAsync("""
        class C
        {
            private static ReadOnlySpan<byte> Key => "a-utf8-property-signing-secret-0123456789abc"u8;
            private static ReadOnlySpan<byte> KeyWithGetter { get => "a-utf8-getter-signing-secret-0123456789abcde"u8; }
            private static readonly byte[] KeyBytes = "a-utf8-field-signing-secret-0123456789abcdef"u8.ToArray();

            void M()
            {
                var a = {|TA305:new SymmetricSecurityKey("a-utf8-literal-signing-secret-0123456789abc"u8.ToArray())|};
                var b = {|TA305:new SymmetricSecurityKey(Key.ToArray())|};
                var c = {|TA305:new SymmetricSecurityKey(KeyWithGetter.ToArray())|};
                var d = {|TA305:new SymmetricSecurityKey(KeyBytes)|};
                ReadOnlySpan<byte> span = "a-utf8-local-signing-secret-0123456789abcdef"u8;
                var e = {|TA305:new SymmetricSecurityKey(span.ToArray())|};
                var f = {|TA305:new SymmetricSecurityKey([.. "a-utf8-spread-signing-secret-0123456789abcde"u8])|};
                var g = {|TA305:new SymmetricSecurityKey([.. Key, 0x01, 0x02])|};
            }
        }
        """);

    [Fact]
    public Task Zero_filled_arrays_are_reported_inline() => VerifyAsync("""
        class C
        {
            private readonly SymmetricSecurityKey _key = {|TA305:new SymmetricSecurityKey(new byte[256])|};

            void M(int keySize)
            {
                var a = {|TA305:new SymmetricSecurityKey(new byte[32])|};
                var b = {|TA305:new SymmetricSecurityKey(new byte[keySize / 8])|};
                var c = {|TA305:new SymmetricSecurityKey(new byte[64]) { KeyId = "key" }|};
            }
        }
        """);

    [Fact]
    public Task Arrays_that_may_be_filled_and_empty_arrays_are_not_reported() => Verify.NoDiagnosticsAsync<HardCodedKeyRule>(Usings + ConfigurationUsings + """
        class C
        {
            private readonly byte[] _key = new byte[32];

            C() => RandomNumberGenerator.Fill(_key);

            void M(Random random)
            {
                var filled = new byte[32];
                RandomNumberGenerator.Fill(filled);
                var a = new SymmetricSecurityKey(filled);
                var b = new SymmetricSecurityKey(_key);
                var other = new byte[64];
                random.NextBytes(other);
                var c = new SymmetricSecurityKey(other);
                var d = new SymmetricSecurityKey(new byte[0]);
            }
        }
        """);

    [Fact]
    public Task Literal_fallbacks_are_reported() => VerifyAsync("""
        class C
        {
            private const string Fallback = "a-const-fallback-signing-secret-0123456789ab";

            void M(IConfiguration configuration, WebApplicationBuilder builder)
            {
                var a = {|TA305:new SymmetricSecurityKey(Encoding.UTF8.GetBytes(builder.Configuration["Jwt:Key"] ?? "default_secret_key_that_should_be_changed"))|};
                var key = Encoding.ASCII.GetBytes(configuration["Jwt:Key"] ?? "ReplaceWithSecureKey123!ReplaceWithSecureKey123!");
                var b = {|TA305:new SymmetricSecurityKey(key)|};
                var secret = configuration["Jwt:Secret"] ?? Fallback;
                var c = {|TA305:new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret))|};
                var d = {|TA305:new SymmetricSecurityKey(Convert.FromBase64String(Environment.GetEnvironmentVariable("JWT_KEY") ?? "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA=="))|};
                var e = {|TA305:new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration.GetValue<string>("Jwt:Key", "a-getvalue-fallback-signing-secret-012345")!))|};
                var f = {|TA305:new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration.GetValue("Jwt:Key", defaultValue: "a-named-fallback-signing-secret-0123456789")!))|};
            }
        }
        """);

    /// <summary>
    /// A getter that only returns a constant key, its decoding, or a literal fallback is as fixed as a readonly field
    /// (real code: <c>ByteSecret =&gt; Convert.FromBase64String(Secret)</c>); a getter that reads something else is not.
    /// </summary>
    [Fact]
    public Task Getters_that_only_return_a_constant_key_are_followed() => VerifyAsync("""
        class C
        {
            private const string Secret = "6FSx1+1AOUEImFI7KTMCFxceC7P0ZyiekaKTKTkGQGM=";
            private readonly IConfiguration _configuration;
            private static byte[] ByteSecret => Convert.FromBase64String(Secret);
            private string KeyText { get => _configuration["Jwt:Key"] ?? "a-getter-fallback-signing-secret-0123456789"; }
            private byte[] Configured => Encoding.UTF8.GetBytes(_configuration["Jwt:Key"]!);
            private byte[] Settable { get; set; } = Encoding.UTF8.GetBytes("a-settable-property-signing-secret-0123456");

            C(IConfiguration configuration) => _configuration = configuration;

            void M()
            {
                var a = {|TA305:new SymmetricSecurityKey(ByteSecret)|};
                var b = {|TA305:new SymmetricSecurityKey(Encoding.UTF8.GetBytes(KeyText))|};
                var c = new SymmetricSecurityKey(Configured);
                var d = new SymmetricSecurityKey(Settable);
            }
        }
        """);

    [Fact]
    public Task Fallbacks_that_are_no_literal_or_empty_are_not_reported() => Verify.NoDiagnosticsAsync<HardCodedKeyRule>(Usings + ConfigurationUsings + """
        class C
        {
            void M(IConfiguration configuration, string parameter)
            {
                var a = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:Key"] ?? ""));
                var b = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:Key"] ?? throw new InvalidOperationException("Jwt:Key is missing")));
                var c = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:Key"] ?? parameter));
                var d = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:Key"] ?? Environment.GetEnvironmentVariable("JWT_KEY")!));
                var e = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration.GetValue<string>("Jwt:Key")!));
                var f = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration.GetValue<string>("Jwt:Key", parameter)!));
            }
        }
        """);
}
