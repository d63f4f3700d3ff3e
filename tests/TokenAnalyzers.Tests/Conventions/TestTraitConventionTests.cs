using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace TokenAnalyzers.Tests.Conventions
{
    /// <summary>
    /// Every test says which rules it is about, so that <c>dotnet test --filter Rule=TA108</c> runs a rule's tests, and
    /// <c>Rule=All</c> those about every rule (conventions, reliability). A rule with no test of its own fails here.
    /// </summary>
    [Trait("Rule", "All")]
    public class TestTraitConventionTests
    {
        private const string All = "All";

        [Fact]
        public void Every_test_carries_a_rule_trait_and_every_rule_has_tests()
        {
            var ids = new HashSet<string>(ShippedRules.UniqueDescriptors.Select(d => d.Id), StringComparer.Ordinal);
            var failures = new List<string>();
            var tested = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (type, method) in TestMethods(typeof(TestTraitConventionTests).Assembly))
            {
                var rules = RuleTraits(method).Concat(RuleTraits(type)).ToList();
                var where = $"{type.Name}.{method.Name}";
                if (rules.Count == 0)
                {
                    failures.Add($"{where}: no [Trait(\"Rule\", ...)] on the method or its class");
                }

                failures.AddRange(rules.Where(r => r != All && !ids.Contains(r)).Select(r => $"{where}: Rule trait '{r}' is not a rule of the package"));
                tested.UnionWith(rules);
            }

            failures.AddRange(ids.Where(id => !tested.Contains(id)).OrderBy(id => id, StringComparer.Ordinal).Select(id => $"{id}: no test carries Rule={id}"));
            DescriptorConventionTests.AssertNoFailures(failures.Distinct().ToList());
        }

        [Fact]
        public void The_trait_check_sees_the_tests_of_this_class()
        {
            // The check above reads traits through reflection; it must find this class's own trait and methods.
            var mine = TestMethods(typeof(TestTraitConventionTests).Assembly).Where(x => x.Type == typeof(TestTraitConventionTests)).ToList();
            Assert.Equal(2, mine.Count);
            Assert.Equal(new[] { All }, RuleTraits(typeof(TestTraitConventionTests)));
        }

        /// <summary>Concrete classes' [Fact]/[Theory] methods, inherited ones included (xunit runs those per class).</summary>
        private static IEnumerable<(Type Type, MethodInfo Method)> TestMethods(Assembly assembly) =>
            from type in assembly.GetTypes()
            where type.IsClass && !type.IsAbstract && type.IsPublic
            from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            where method.GetCustomAttributes<FactAttribute>(inherit: true).Any()
            select (type, method);

        private static IEnumerable<string> RuleTraits(MemberInfo member) =>
            member.GetCustomAttributesData()
                .Where(a => a.AttributeType == typeof(TraitAttribute)
                    && a.ConstructorArguments.Count == 2
                    && (string?)a.ConstructorArguments[0].Value == "Rule")
                .Select(a => (string)a.ConstructorArguments[1].Value!);
    }
}
