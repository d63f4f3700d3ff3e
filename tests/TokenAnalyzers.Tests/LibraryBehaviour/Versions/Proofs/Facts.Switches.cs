using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Microsoft.IdentityModel.Tokens;
using Microsoft.IdentityModel.Validators;
using static Proofs.ProofToy;

namespace Proofs
{
    /// <summary>RULES.md's TA303 switch: process-wide state, so the test that runs this proof runs alone.</summary>
    public static partial class Facts
    {
        private static readonly string[] MissingTidSwitches =
        {
            "Switch.Microsoft.IdentityModel.DontFailOnMissingTidValidateIssuerSigning",
            "Switch.Microsoft.IdentityModel.DoNotFailOnMissingTidValidateIssuerSigning",
        };

        /// <summary>Sets the switch and forgets every value a library of this version cached (nullable bool fields of AppContextSwitches).</summary>
        private static void SetSwitch(string name, bool enabled)
        {
            AppContext.SetSwitch(name, enabled);
            foreach (var assembly in new[] { typeof(TokenValidationParameters).Assembly, typeof(AadIssuerValidator).Assembly })
            {
                foreach (var type in assembly.GetTypes().Where(t => t.Name == "AppContextSwitches"))
                {
                    foreach (var field in type.GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public))
                    {
                        if (field.FieldType == typeof(bool?) && !field.IsLiteral && !field.IsInitOnly)
                        {
                            field.SetValue(null, null);
                        }
                    }
                }
            }
        }

        /// <summary>
        /// A token without <c>tid</c>, signed with Entra's consumer key and claiming an enterprise issuer, after
        /// EnableAadSigningKeyIssuerValidation(): without a switch, and with each spelling of the switch.
        /// </summary>
        public static async Task<string> MissingTidSwitch()
        {
            var forged = Create(ConsumerKey, issuer: "https://login.microsoftonline.com/" + EnterpriseTenant + "/v2.0", audience: EntraAudience);
            TokenValidationParameters Bound()
            {
                var p = EntraParameters();
                p.ValidateIssuer = false; // isolates the key-to-issuer binding from the issuer check
                p.EnableAadSigningKeyIssuerValidation();
                return p;
            }

            var outcomes = new List<string>();
            try
            {
                foreach (var name in MissingTidSwitches)
                {
                    SetSwitch(name, false);
                }

                outcomes.Add("no switch: " + await Both(forged, Bound));
                foreach (var name in MissingTidSwitches)
                {
                    SetSwitch(name, true);
                    outcomes.Add(name.Split('.')[3] + ": " + await Both(forged, Bound));
                    SetSwitch(name, false);
                }
            }
            finally
            {
                foreach (var name in MissingTidSwitches)
                {
                    SetSwitch(name, false);
                }
            }

            return string.Join("; ", outcomes);
        }
    }
}
