using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TokenAnalyzers.Tests.LibraryBehaviour;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// The JWT.NET versions TA601's tests compile against. 7.3.1 is what the test project references; 6.1.0 is the real
/// package too (downloaded beside it). No served version reaches 9.0 and 10.0, where the defaults change, so those
/// sides use a <b>minimal reference assembly</b> built here: the identity <c>JWT</c> with the higher version and only
/// the API shape the rule names (JwtBuilder, IJwtDecoder and its extensions, JwtDecoder, ValidationParameters,
/// NoneAlgorithm, algorithm factories), every body <c>throw null</c>. It tests the version gate and the shape, not the
/// library's behaviour, which <see cref="OtherTokenLibrariesTests"/> proves on the served versions.
/// </summary>
internal static class JwtNetVersions
{
    private static readonly ConcurrentDictionary<string, ImmutableArray<MetadataReference>> Cache = new();

    /// <summary>The default references with JWT.NET 7.3.1.</summary>
    public static ImmutableArray<MetadataReference> Jwt7 => TestReferences.All;

    public static ImmutableArray<MetadataReference> Jwt6 => Cache.GetOrAdd("6", _ =>
        WithoutJwt().Add(MetadataReference.CreateFromFile(OtherTokenLibrariesTests.Jwt6.AssemblyPath)));

    /// <summary>The minimal reference assembly named JWT, version 9.0.0: the builder verifies by default, the one-argument decode does not.</summary>
    public static ImmutableArray<MetadataReference> Jwt9ReferenceAssembly => Cache.GetOrAdd("9", _ => WithoutJwt().Add(MinimalReferenceAssembly("9.0.0", oneArgumentDecodeVerifies: false)));

    /// <summary>The minimal reference assembly named JWT, version 10.0.0: <c>Decode(token, bool verify = true)</c>.</summary>
    public static ImmutableArray<MetadataReference> Jwt10ReferenceAssembly => Cache.GetOrAdd("10", _ => WithoutJwt().Add(MinimalReferenceAssembly("10.0.0", oneArgumentDecodeVerifies: true)));

    /// <summary>The default references without JWT.NET (jose-jwt code that writes <c>JWT.Decode</c> with <c>using Jose;</c>).</summary>
    public static ImmutableArray<MetadataReference> WithoutJwt() =>
        TestReferences.All.Where(reference => Path.GetFileName(((PortableExecutableReference)reference).FilePath) != "JWT.dll").ToImmutableArray();

    private static MetadataReference MinimalReferenceAssembly(string version, bool oneArgumentDecodeVerifies)
    {
        var oneArgument = oneArgumentDecodeVerifies
            ? """
              public static string Decode(this IJwtDecoder decoder, string token, bool verify = true) => throw null;
              public static IDictionary<string, object> DecodeToObject(this IJwtDecoder decoder, string token, bool verify = true) => throw null;
              public static T DecodeToObject<T>(this IJwtDecoder decoder, string token, bool verify = true) => throw null;
              """
            : """
              public static string Decode(this IJwtDecoder decoder, string token) => throw null;
              public static IDictionary<string, object> DecodeToObject(this IJwtDecoder decoder, string token) => throw null;
              public static T DecodeToObject<T>(this IJwtDecoder decoder, string token) => throw null;
              """;
        var source = $$"""
            using System;
            using System.Collections.Generic;
            using System.Reflection;
            using JWT.Algorithms;

            [assembly: AssemblyVersion("{{version}}.0")]
            [assembly: AssemblyInformationalVersion("{{version}}+minimal-reference-assembly")]

            namespace JWT
            {
                public interface IJsonSerializer { }
                public interface IBase64UrlEncoder { }
                public interface IDateTimeProvider { }
                public interface IJwtValidator { }
                public sealed class JwtParts { public JwtParts(string token) => throw null; }
                public sealed class JwtDecoderContext { }
                public sealed class UtcDateTimeProvider : IDateTimeProvider { }
                public sealed class JwtBase64UrlEncoder : IBase64UrlEncoder { }
                public sealed class JwtValidator : IJwtValidator { public JwtValidator(IJsonSerializer serializer, IDateTimeProvider provider) => throw null; }

                public class ValidationParameters
                {
                    public bool ValidateSignature { get; set; } = true;
                    public bool ValidateExpirationTime { get; set; } = true;
                    public static ValidationParameters Default => throw null;
                    public static ValidationParameters None => throw null;
                }

                public interface IJwtDecoder
                {
                    string DecodeHeader(string token);
                    string Decode(JwtParts jwt, byte[] key, bool verify);
                    string Decode(JwtParts jwt, byte[][] keys, bool verify);
                    T DecodeToObject<T>(JwtParts jwt, byte[] key, bool verify);
                }

                public sealed class JwtDecoder : IJwtDecoder
                {
                    public JwtDecoder(IJsonSerializer jsonSerializer, IBase64UrlEncoder urlEncoder) => throw null;
                    public JwtDecoder(IJsonSerializer jsonSerializer, IJwtValidator jwtValidator, IBase64UrlEncoder urlEncoder, IAlgorithmFactory algFactory) => throw null;
                    public JwtDecoder(IJsonSerializer jsonSerializer, IJwtValidator jwtValidator, IBase64UrlEncoder urlEncoder, IJwtAlgorithm algorithm) => throw null;
                    public string DecodeHeader(string token) => throw null;
                    public string Decode(JwtParts jwt, byte[] key, bool verify) => throw null;
                    public string Decode(JwtParts jwt, byte[][] keys, bool verify) => throw null;
                    public T DecodeToObject<T>(JwtParts jwt, byte[] key, bool verify) => throw null;
                }

                public static class JwtDecoderExtensions
                {
                    {{oneArgument}}
                    public static string Decode(this IJwtDecoder decoder, string token, string key, bool verify = true) => throw null;
                    public static IDictionary<string, object> DecodeToObject(this IJwtDecoder decoder, string token, string key, bool verify = true) => throw null;
                    public static T DecodeToObject<T>(this IJwtDecoder decoder, string token, string key, bool verify = true) => throw null;
                }
            }

            namespace JWT.Serializers
            {
                public sealed class JsonNetSerializer : JWT.IJsonSerializer { }
            }

            namespace JWT.Algorithms
            {
                public interface IJwtAlgorithm { string Name { get; } }
                public interface IAlgorithmFactory { IJwtAlgorithm Create(JWT.JwtDecoderContext context); }
                public sealed class NoneAlgorithm : IJwtAlgorithm { public string Name => "none"; }
                public sealed class HMACSHA256Algorithm : IJwtAlgorithm { public string Name => "HS256"; }
                public sealed class HMACSHAAlgorithmFactory : IAlgorithmFactory { public IJwtAlgorithm Create(JWT.JwtDecoderContext context) => throw null; }
                public sealed class DelegateAlgorithmFactory : IAlgorithmFactory
                {
                    public DelegateAlgorithmFactory(Func<IJwtAlgorithm> algFactory) => throw null;
                    public DelegateAlgorithmFactory(IJwtAlgorithm algorithm) => throw null;
                    public IJwtAlgorithm Create(JWT.JwtDecoderContext context) => throw null;
                }
            }

            namespace JWT.Builder
            {
                public sealed class JwtBuilder
                {
                    public static JwtBuilder Create() => throw null;
                    public JwtBuilder WithAlgorithm(IJwtAlgorithm algorithm) => throw null;
                    public JwtBuilder WithAlgorithmFactory(IAlgorithmFactory algFactory) => throw null;
                    public JwtBuilder WithDecoder(JWT.IJwtDecoder decoder) => throw null;
                    public JwtBuilder WithSecret(params string[] secrets) => throw null;
                    public JwtBuilder MustVerifySignature() => throw null;
                    public JwtBuilder DoNotVerifySignature() => throw null;
                    public JwtBuilder WithVerifySignature(bool verify) => throw null;
                    public JwtBuilder WithValidationParameters(JWT.ValidationParameters valParams) => throw null;
                    public JwtBuilder WithValidationParameters(Action<JWT.ValidationParameters> action) => throw null;
                    public JwtBuilder AddClaim(string name, object value) => throw null;
                    public string Encode() => throw null;
                    public string Decode(string token) => throw null;
                    public T Decode<T>(string token) => throw null;
                    public string DecodeHeader(string token) => throw null;
                }
            }
            """;
        var compilation = CSharpCompilation.Create(
            "JWT",
            [CSharpSyntaxTree.ParseText(source)],
            TestReferences.WithoutTokenLibraries,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
        {
            throw new InvalidOperationException("The minimal JWT reference assembly does not compile: " + string.Join(Environment.NewLine, emitted.Diagnostics));
        }

        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
