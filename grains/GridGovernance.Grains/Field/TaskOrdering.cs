using GridGovernance.Contracts.Field;
using GridGovernance.Grains.Calendar;

namespace GridGovernance.Grains.Field;

/// <summary>How urgent a field task is, and the order a task list shows: overdue (oldest first), today, this week.</summary>
public static class TaskOrdering
{
    /// <summary>Overdue when passed, today when due by the end of today's local date, otherwise this week.</summary>
    public static TaskUrgency Urgency(DateTimeOffset dueAt, DateTimeOffset now) =>
        dueAt <= now ? TaskUrgency.Overdue
        : dueAt <= WorkingDayCalendar.EndOfLocalDay(WorkingDayCalendar.LocalDate(now)) ? TaskUrgency.Today
        : TaskUrgency.ThisWeek;

    /// <summary>The list order: by urgency, then by due time, then by entity for a stable order.</summary>
    public static IReadOnlyList<FieldTask> Order(IEnumerable<FieldTask> tasks) =>
        [.. tasks.OrderBy(t => t.Urgency).ThenBy(t => t.DueAt).ThenBy(t => t.Entity.Id).ThenBy(t => t.DeadlineId, StringComparer.Ordinal)];
}
