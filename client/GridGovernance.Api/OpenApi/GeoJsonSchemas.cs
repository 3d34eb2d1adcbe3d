using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GridGovernance.Api.OpenApi;

/// <summary>Which GeoJSON document an endpoint sends or takes.</summary>
public enum GeoJsonShape
{
    /// <summary>A FeatureCollection of cells (response) or of grid features (import body).</summary>
    FeatureCollection,

    /// <summary>One cell Feature.</summary>
    Feature,
}

/// <summary>Endpoint metadata: the endpoint answers (or takes) GeoJSON, described by <see cref="GeoJsonSchemas"/>.</summary>
/// <param name="Response">The 200 response's GeoJSON shape, if any.</param>
/// <param name="Request">The body's GeoJSON shape, if any.</param>
public sealed record GeoJsonMetadata(GeoJsonShape? Response, GeoJsonShape? Request);

/// <summary>Endpoint metadata: the query parameters <c>longitude</c> and <c>latitude</c> are WGS84 degrees (read as text, checked by the handler).</summary>
public sealed record CoordinateQueryMetadata;

/// <summary>
/// Real GeoJSON (RFC 7946) schemas in the OpenAPI document, where NetTopologySuite types and raw bodies would otherwise
/// come out as <c>{}</c>: components for Position, Point, Polygon, MultiPolygon, Feature and FeatureCollection (plus the
/// cell and grid-import specialisations), the geo endpoints' 200 responses as <c>application/geo+json</c>, and the
/// import body as a grid FeatureCollection.
/// </summary>
public static class GeoJsonSchemas
{
    /// <summary>Registers the transformers on an OpenAPI document.</summary>
    public static OpenApiOptions AddGeoJsonSchemas(this OpenApiOptions options)
    {
        options.AddDocumentTransformer<GeoJsonDocumentTransformer>();
        options.AddOperationTransformer<GeoJsonOperationTransformer>();
        return options;
    }

    /// <summary>The 200 response is GeoJSON of <paramref name="shape"/>, sent as <c>application/geo+json</c>.</summary>
    public static RouteHandlerBuilder WithGeoJsonResponse(this RouteHandlerBuilder builder, GeoJsonShape shape) =>
        builder.WithMetadata(new GeoJsonMetadata(shape, null));

    /// <summary>The body is GeoJSON of <paramref name="shape"/> (read raw by the handler).</summary>
    public static RouteHandlerBuilder WithGeoJsonRequest(this RouteHandlerBuilder builder, GeoJsonShape shape) =>
        builder.WithMetadata(new GeoJsonMetadata(null, shape));

    /// <summary>The query takes <c>longitude</c> and <c>latitude</c> in WGS84 degrees.</summary>
    public static RouteHandlerBuilder WithCoordinateQuery(this RouteHandlerBuilder builder) => builder.WithMetadata(new CoordinateQueryMetadata());

    internal const string Position = "GeoJsonPosition";
    internal const string LinearRing = "GeoJsonLinearRing";
    internal const string Point = "GeoJsonPoint";
    internal const string Polygon = "GeoJsonPolygon";
    internal const string MultiPolygon = "GeoJsonMultiPolygon";
    internal const string Geometry = "GeoJsonGeometry";
    internal const string Feature = "GeoJsonFeature";
    internal const string FeatureCollection = "GeoJsonFeatureCollection";
    internal const string CellProperties = "CellFeatureProperties";
    internal const string CellFeature = "CellFeature";
    internal const string CellFeatureCollection = "CellFeatureCollection";
    internal const string GridProperties = "GridFeatureProperties";
    internal const string GridFeature = "GridFeature";
    internal const string GridFeatureCollection = "GridFeatureCollection";

    /// <summary>Every schema this class adds, by component name.</summary>
    internal static IEnumerable<(string Name, OpenApiSchema Schema)> Components(OpenApiDocument document)
    {
        OpenApiSchemaReference Ref(string name) => new(name, document);

        yield return (Position, new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Description = "RFC 7946 §3.1.1: [longitude, latitude] in WGS84 decimal degrees (an optional third number is altitude).",
            Items = new OpenApiSchema { Type = JsonSchemaType.Number },
            MinItems = 2,
            MaxItems = 3,
        });
        yield return (LinearRing, new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Description = "A closed ring: at least four positions, the first equal to the last; exterior rings counter-clockwise.",
            Items = Ref(Position),
            MinItems = 4,
        });
        yield return (Point, Geometry_("Point", Ref(Position), "A single position."));
        yield return (Polygon, Geometry_("Polygon", new OpenApiSchema { Type = JsonSchemaType.Array, Items = Ref(LinearRing), MinItems = 1 },
            "An exterior ring, then any holes."));
        yield return (MultiPolygon, Geometry_("MultiPolygon",
            new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Ref(LinearRing), MinItems = 1 }, MinItems = 1 },
            "Polygons, each an exterior ring then any holes."));
        yield return (Geometry, new OpenApiSchema
        {
            Description = "A GeoJSON geometry this API reads or writes.",
            OneOf = [Ref(Point), Ref(Polygon), Ref(MultiPolygon)],
        });
        yield return (Feature, FeatureSchema(Ref(Geometry), new OpenApiSchema { Type = JsonSchemaType.Object | JsonSchemaType.Null }, "An RFC 7946 Feature."));
        yield return (FeatureCollection, CollectionSchema(Ref(Feature), "An RFC 7946 FeatureCollection."));

        yield return (CellProperties, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "A cell's code, community, name and live counts (no personal data).",
            Required = new HashSet<string> { "code", "community", "name", "openAlerts", "redAlerts", "properties", "people", "workers", "pendingDeadlines", "nextDue" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["code"] = Text("Cell code, e.g. SQ-05-012."),
                ["community"] = Text("Community code."),
                ["name"] = Text("Display name."),
                ["openAlerts"] = Count("Open alerts of its members (yellow and red cards)."),
                ["redAlerts"] = Count("Of those, red cards."),
                ["properties"] = Count("Rental properties in the cell."),
                ["people"] = Count("Monitored people living in the cell."),
                ["workers"] = Count("Grid workers assigned to the cell."),
                ["pendingDeadlines"] = Count("Members with a pending deadline."),
                ["nextDue"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Format = "date-time", Description = "The earliest pending deadline in the cell." },
            },
        });
        yield return (CellFeature, FeatureSchema(
            new OpenApiSchema { OneOf = [Ref(Polygon), Ref(MultiPolygon)] }, Ref(CellProperties), "A cell: its boundary and live counts; id is the cell code.", withId: true));
        yield return (CellFeatureCollection, CollectionSchema(Ref(CellFeature), "The district's active cells."));

        yield return (GridProperties, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "What a grid feature is: a community, or a cell of a community.",
            Required = new HashSet<string> { "kind", "code" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["kind"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("community"), JsonValue.Create("cell")] },
                ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[A-Z0-9][A-Z0-9-]{0,31}$", Description = "Unique, stable code (GR-03); not ending in -NOCELL." },
                ["name"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, MaxLength = 200, Description = "Display name; the code when missing." },
                ["community"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "For a cell: the code of the community that covers it." },
            },
        });
        yield return (GridFeature, FeatureSchema(
            new OpenApiSchema { OneOf = [Ref(Polygon), Ref(MultiPolygon)] }, Ref(GridProperties), "A community or cell boundary (WGS84 lon/lat; holes allowed)."));
        yield return (GridFeatureCollection, CollectionSchema(Ref(GridFeature),
            "A grid: communities and their cells. Cells lie inside their community and do not overlap; each bad feature is reported by its index."));
    }

    private static OpenApiSchema Geometry_(string type, IOpenApiSchema coordinates, string description) => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 7946 " + type + ": " + description,
        Required = new HashSet<string> { "type", "coordinates" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Tag(type),
            ["coordinates"] = coordinates,
            ["bbox"] = BoundingBox(),
        },
    };

    private static OpenApiSchema FeatureSchema(IOpenApiSchema geometry, IOpenApiSchema properties, string description, bool withId = false)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = description,
            Required = new HashSet<string> { "type", "geometry", "properties" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = Tag("Feature"),
                ["id"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Number, Description = "The feature's identifier, when it has one." },
                ["geometry"] = geometry,
                ["properties"] = properties,
                ["bbox"] = BoundingBox(),
            },
        };
        if (withId)
        {
            schema.Required.Add("id");
        }

        return schema;
    }

    private static OpenApiSchema CollectionSchema(IOpenApiSchema feature, string description) => new()
    {
        Type = JsonSchemaType.Object,
        Description = description,
        Required = new HashSet<string> { "type", "features" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Tag("FeatureCollection"),
            ["features"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = feature },
            ["bbox"] = BoundingBox(),
        },
    };

    private static OpenApiSchema Tag(string value) => new() { Type = JsonSchemaType.String, Enum = [JsonValue.Create(value)] };

    private static OpenApiSchema BoundingBox() => new()
    {
        Type = JsonSchemaType.Array,
        Description = "RFC 7946 §5: [west, south, east, north].",
        Items = new OpenApiSchema { Type = JsonSchemaType.Number },
        MinItems = 4,
    };

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };

    private static OpenApiSchema Count(string description) => new() { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Description = description };
}

/// <summary>Adds the GeoJSON component schemas to the document.</summary>
internal sealed class GeoJsonDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var (name, schema) in GeoJsonSchemas.Components(document))
        {
            document.Components.Schemas[name] = schema;
        }

        return Task.CompletedTask;
    }
}

/// <summary>Describes the GeoJSON responses and bodies of the endpoints that carry <see cref="GeoJsonMetadata"/>, and coordinate queries.</summary>
internal sealed class GeoJsonOperationTransformer : IOpenApiOperationTransformer
{
    private const string GeoJson = "application/geo+json";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        foreach (var geo in metadata.OfType<GeoJsonMetadata>())
        {
            if (geo.Response is { } response)
            {
                var schema = new OpenApiSchemaReference(response == GeoJsonShape.Feature ? GeoJsonSchemas.CellFeature : GeoJsonSchemas.CellFeatureCollection, context.Document);
                operation.Responses ??= new OpenApiResponses();
                operation.Responses["200"] = new OpenApiResponse
                {
                    Description = "GeoJSON (RFC 7946), WGS84 longitude/latitude.",
                    Content = new Dictionary<string, OpenApiMediaType> { [GeoJson] = new() { Schema = schema } },
                };
            }

            if (geo.Request is not null)
            {
                var schema = new OpenApiSchemaReference(GeoJsonSchemas.GridFeatureCollection, context.Document);
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "A GeoJSON FeatureCollection of communities and cells.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        [GeoJson] = new() { Schema = schema },
                        ["application/json"] = new() { Schema = schema },
                    },
                };
                foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>().Where(p => p.Name == "dryRun"))
                {
                    parameter.Description = "true: validate and report only; false (the default): apply when valid.";
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Boolean, Default = System.Text.Json.Nodes.JsonValue.Create(false) };
                }
            }
        }

        if (metadata.OfType<CoordinateQueryMetadata>().Any())
        {
            foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
            {
                (string Description, double Limit)? coordinate = parameter.Name switch
                {
                    "longitude" => ("Degrees east, WGS84.", 180),
                    "latitude" => ("Degrees north, WGS84.", 90),
                    _ => null,
                };
                if (coordinate is { } c)
                {
                    parameter.Required = true;
                    parameter.Description = c.Description;
                    parameter.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Number,
                        Format = "double",
                        Minimum = (-c.Limit).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Maximum = c.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    };
                }
            }
        }

        return Task.CompletedTask;
    }
}
