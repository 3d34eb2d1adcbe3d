using System.Security.Cryptography;
using GridGovernance.Grains.Common.Protection;
using Microsoft.Extensions.Options;

namespace GridGovernance.Rules.Tests.Rules;

/// <summary>PI-06 / PI-14: ID numbers encrypted with rotating keys, found by a keyed blind index, masked for display.</summary>
public sealed class PersonalDataProtectorTests
{
    private static string Key() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Protect_RoundTrips_ButNotUnderAnotherRecordsContext()
    {
        var protector = new PersonalDataProtector(Options.Create(new PersonalDataOptions { Keys = { ["k1"] = Key() }, ActiveKey = "k1", IndexKey = Key() }));

        var value = protector.Protect("999999199001011234", "tenancy:a");

        Assert.DoesNotContain("1990", value.Data, StringComparison.Ordinal);
        Assert.Equal("999999199001011234", protector.Unprotect(value, "tenancy:a"));
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(value, "tenancy:b"));
        Assert.NotEqual(value.Data, protector.Protect("999999199001011234", "tenancy:a").Data); // a fresh nonce each time
    }

    [Fact]
    public void PI06_KeysRotate_OldValuesStillDecrypt_NewOnesUseTheActiveKey()
    {
        var old = Key();
        var options = new PersonalDataOptions { Keys = { ["k1"] = old }, ActiveKey = "k1", IndexKey = Key() };
        var before = new PersonalDataProtector(Options.Create(options)).Protect("A1234567", "x");
        var rotated = new PersonalDataProtector(Options.Create(new PersonalDataOptions { Keys = { ["k1"] = old, ["k2"] = Key() }, ActiveKey = "k2", IndexKey = options.IndexKey }));

        Assert.Equal("A1234567", rotated.Unprotect(before, "x"));
        Assert.Equal("k2", rotated.Protect("A1234567", "x").KeyId);
    }

    [Fact]
    public void BlindIndex_MatchesEqualValues_AndDependsOnTheKey()
    {
        var a = new PersonalDataProtector(Options.Create(new PersonalDataOptions { Keys = { ["k1"] = Key() }, ActiveKey = "k1", IndexKey = Key() }));
        var b = new PersonalDataProtector(Options.Create(new PersonalDataOptions { Keys = { ["k1"] = Key() }, ActiveKey = "k1", IndexKey = Key() }));

        Assert.Equal(a.BlindIndex("ResidentIdentityCard:999999199001011234"), a.BlindIndex("ResidentIdentityCard:999999199001011234"));
        Assert.NotEqual(a.BlindIndex("ResidentIdentityCard:999999199001011234"), b.BlindIndex("ResidentIdentityCard:999999199001011234"));
    }

    [Theory]
    [InlineData("999999199001011234", "999***********1234")]
    [InlineData("E12345678", "E******78")]
    [InlineData("A1234", "A**34")]
    public void PI14_Mask_ShowsOnlyTheEnds(string value, string masked) => Assert.Equal(masked, PersonalDataProtector.Mask(value));

    [Fact]
    public void Options_WithoutKeys_AreRefusedSayingWhatToSet()
    {
        var problems = new PersonalDataOptions().Validate(new System.ComponentModel.DataAnnotations.ValidationContext(new object())).ToList();

        Assert.Contains("set GridGovernance:Protection:Keys", Assert.Single(problems).ErrorMessage, StringComparison.Ordinal);
    }
}
