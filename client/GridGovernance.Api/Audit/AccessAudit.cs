namespace GridGovernance.Api.Audit;

/// <summary>Records reads of personal data in the journal (filled in by the audit feature).</summary>
public static class AccessAuditExtensions
{
    /// <summary>Registers the audit writer.</summary>
    public static IServiceCollection AddAccessAudit(this IServiceCollection services) => services;
}
