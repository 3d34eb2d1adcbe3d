using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GridGovernance.Api.People;

/// <summary>
/// Checks a request body's DataAnnotations (nested bodies and lists too) before any grain is called, and names the
/// first field at fault in camelCase JSON form (<c>home.latitude</c>, <c>members[0].name</c>). The endpoints call it
/// themselves, so the shared command helpers (generic over the body) validate exactly like the named handlers.
/// </summary>
public static class RequestValidation
{
    /// <summary>Null when <paramref name="body"/> is valid, else a 400 naming the field.</summary>
    public static ProblemHttpResult? Problem(object? body) =>
        body is null ? Problems.Problems.Invalid("body", "A JSON body is required.") : FirstError(body, "") is { } error ? Problems.Problems.Invalid(error.Field, error.Detail) : null;

    private static (string Field, string Detail)? FirstError(object body, string prefix)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(body, new ValidationContext(body), results, validateAllProperties: true))
        {
            var first = results[0];
            var member = first.MemberNames.FirstOrDefault() ?? "body";
            var field = prefix + JsonNamingPolicy.CamelCase.ConvertName(member);
            return (field, (first.ErrorMessage ?? "is not valid").Replace(member, field, StringComparison.Ordinal));
        }

        foreach (var property in body.GetType().GetProperties())
        {
            var name = prefix + JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            switch (property.GetValue(body))
            {
                case string:
                    break;
                case IEnumerable items when IsBody(property.PropertyType.GetGenericArguments().FirstOrDefault()):
                    var index = 0;
                    foreach (var item in items)
                    {
                        if (item is null)
                        {
                            return ($"{name}[{index}]", $"{name}[{index}] must not be null.");
                        }

                        if (FirstError(item, $"{name}[{index}].") is { } nested)
                        {
                            return nested;
                        }

                        index++;
                    }

                    break;
                case { } value when IsBody(value.GetType()):
                    if (FirstError(value, name + ".") is { } inner)
                    {
                        return inner;
                    }

                    break;
            }
        }

        return null;
    }

    /// <summary>Our own request records (nested bodies), as opposed to values such as strings, dates and ids.</summary>
    private static bool IsBody(Type? type) => type is { IsClass: true } && type.Namespace?.StartsWith("GridGovernance.Api", StringComparison.Ordinal) == true;
}
