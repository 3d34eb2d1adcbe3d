using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Supervision;

namespace GridGovernance.Grains.Supervision.Correction;

/// <summary>Intake (CC-05) and the correction team (CC-06).</summary>
public static class IntakeRules
{
    /// <summary>What is wrong with a team for a subject of <paramref name="subject"/> gender, or null.</summary>
    public static Outcome? ValidateTeam(IReadOnlyList<TeamMember>? team, Gender subject)
    {
        if (team is null || team.Count == 0)
        {
            return Outcome.Invalid("team", "missing-field", "CC-06: a correction team has at least one member.");
        }

        if (team.Count > 20)
        {
            return Outcome.Invalid("team", "too-many", "A team has at most 20 members.");
        }

        for (var i = 0; i < team.Count; i++)
        {
            var m = team[i];
            if (m is null || string.IsNullOrWhiteSpace(m.Name) || m.Name.Length > 100)
            {
                return Outcome.Invalid($"team[{i}].name", "missing-field", "Each member has a name, at most 100 characters.");
            }

            if (!Enum.IsDefined(m.Role))
            {
                return Outcome.Invalid($"team[{i}].role", "invalid-role", "role is JudicialOfficer, SocialWorker, FullTimeWorker, Volunteer or FamilyMember.");
            }

            if (!Enum.IsDefined(m.Gender))
            {
                return Outcome.Invalid($"team[{i}].gender", "invalid-gender", "gender is Female or Male.");
            }
        }

        if (!team.Any(m => m.Role == TeamRole.JudicialOfficer))
        {
            return Outcome.Invalid("team", "team-needs-officer", "CC-06: the team is led by a judicial officer of the justice office.");
        }

        return subject == Gender.Female && !team.Any(m => m.Gender == Gender.Female)
            ? Outcome.Invalid("team", "team-needs-a-woman", "CC-06: a female subject's correction team includes at least one woman.")
            : null;
    }

    /// <summary>Whether intake is complete: reported, all four steps done and a valid team (CC-05/06).</summary>
    public static bool Complete(CorrectionCase c, Gender subject) =>
        Enum.GetValues<IntakeStep>().All(c.IntakeDone.Contains) && ValidateTeam(c.Team, subject) is null;
}
