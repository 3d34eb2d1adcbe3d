using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace GridGovernance.Grains.Common.Protection;

/// <summary>
/// Keys that protect personal data at rest (<c>GridGovernance:Protection</c>, PI-06): AES-256-GCM keys by id (the
/// active one encrypts, every listed one decrypts, so keys rotate without rewriting) and an HMAC key for the blind
/// index that finds equal ID numbers without decrypting. Keys come from the environment or a secret store.
/// </summary>
public sealed class PersonalDataOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "GridGovernance:Protection";

    /// <summary>Encryption keys by id, base64 of 32 bytes each.</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>The id of the key new values are encrypted with.</summary>
    public string? ActiveKey { get; set; }

    /// <summary>The blind-index key, base64 of at least 32 bytes. Changing it needs a re-index of stored values.</summary>
    public string? IndexKey { get; set; }

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        const string Hint = "set GridGovernance:Protection:Keys:<id> (base64, 32 bytes), GridGovernance:Protection:ActiveKey and GridGovernance:Protection:IndexKey (base64, at least 32 bytes); `bash deploy/local/run.sh` makes local ones";
        if (ActiveKey is null || !Keys.ContainsKey(ActiveKey) || string.IsNullOrWhiteSpace(IndexKey))
        {
            yield return new ValidationResult(Hint, [nameof(Keys)]);
            yield break;
        }

        foreach (var (id, key) in Keys)
        {
            if (Bytes(key) is not { Length: 32 })
            {
                yield return new ValidationResult($"GridGovernance:Protection:Keys:{id} must be base64 of 32 bytes", [nameof(Keys)]);
            }
        }

        if (Bytes(IndexKey) is not { Length: >= 32 })
        {
            yield return new ValidationResult("GridGovernance:Protection:IndexKey must be base64 of at least 32 bytes", [nameof(IndexKey)]);
        }
    }

    internal static byte[]? Bytes(string? base64)
    {
        try
        {
            return base64 is null ? null : Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>A value encrypted at rest: the key id (for rotation) and nonce, ciphertext and tag, base64.</summary>
/// <param name="KeyId">The key it was encrypted with.</param>
/// <param name="Data">Nonce (12 bytes) + ciphertext + tag (16 bytes), base64.</param>
[GenerateSerializer, Immutable, Alias("gg.protected-value")]
public sealed record ProtectedValue([property: Id(0)] string KeyId, [property: Id(1)] string Data);

/// <summary>Encrypts, decrypts, blind-indexes and masks personal data such as ID numbers (PI-06, PI-14).</summary>
public sealed class PersonalDataProtector(IOptions<PersonalDataOptions> options)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>
    /// Encrypts <paramref name="plain"/> with the active key; <paramref name="context"/> (the record it belongs to) is
    /// bound as associated data, so a ciphertext copied to another record does not decrypt.
    /// </summary>
    public ProtectedValue Protect(string plain, string context)
    {
        var o = options.Value;
        var key = PersonalDataOptions.Bytes(o.Keys[o.ActiveKey!])!;
        var input = Encoding.UTF8.GetBytes(plain);
        var output = new byte[NonceSize + input.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, input, output.AsSpan(NonceSize, input.Length), output.AsSpan(NonceSize + input.Length), Encoding.UTF8.GetBytes(context));
        return new ProtectedValue(o.ActiveKey!, Convert.ToBase64String(output));
    }

    /// <summary>Decrypts a value protected for <paramref name="context"/>, with whichever listed key encrypted it.</summary>
    /// <exception cref="CryptographicException">The key is not configured any more, or the value or context do not match.</exception>
    public string Unprotect(ProtectedValue value, string context)
    {
        if (!options.Value.Keys.TryGetValue(value.KeyId, out var text))
        {
            throw new CryptographicException($"Personal-data key '{value.KeyId}' is not configured; keep retired keys listed until nothing uses them.");
        }

        var data = Convert.FromBase64String(value.Data);
        var plain = new byte[data.Length - NonceSize - TagSize];
        using var aes = new AesGcm(PersonalDataOptions.Bytes(text)!, TagSize);
        aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, plain.Length), data.AsSpan(NonceSize + plain.Length), plain, Encoding.UTF8.GetBytes(context));
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>A keyed, deterministic index of a normalised value: equal values match, the value cannot be read back.</summary>
    public string BlindIndex(string normalized) =>
        Convert.ToBase64String(HMACSHA256.HashData(PersonalDataOptions.Bytes(options.Value.IndexKey)!, Encoding.UTF8.GetBytes(normalized)));

    /// <summary>A masked form for display (PI-14): the first 3 and last 4 characters of a long number, fewer of a short one.</summary>
    public static string Mask(string value)
    {
        var shown = value.Length >= 10 ? (3, 4) : (1, Math.Min(2, Math.Max(0, value.Length - 2)));
        return value[..shown.Item1] + new string('*', value.Length - shown.Item1 - shown.Item2) + value[^shown.Item2..];
    }
}
