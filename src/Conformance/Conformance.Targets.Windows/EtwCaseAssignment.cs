namespace Conformance.Targets.Windows;

/// <summary>
/// Gives each event of a real driver its case. A driver's IRP_MJ_DEVICE_CONTROL routine runs in the context
/// of the thread that called NtDeviceIoControlFile (for a top-level driver of a synchronous request), so an
/// event the driver wrote during a case carries the caller thread's id and a timestamp inside that call's QPC
/// window. Events on other threads (a DPC, a worker thread) or between calls belong to no case; they are
/// counted, never guessed at.
/// </summary>
public static class EtwCaseAssignment
{
    /// <summary>Assign <paramref name="events"/> to <paramref name="calls"/>; the events keep their order.</summary>
    public static EtwAssignment Assign(IReadOnlyList<CallWindow> calls, IReadOnlyList<CapturedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(events);
        var byThread = calls.GroupBy(c => c.ThreadId)
            .ToDictionary(g => g.Key, g => g.OrderBy(c => c.StartQpc).ToArray());
        var assigned = new List<TraceEventRecord>(events.Count);
        int outside = 0;
        foreach (var captured in events)
        {
            if (byThread.TryGetValue(captured.ThreadId, out var windows) && Find(windows, captured.TimestampQpc) is { } call)
            {
                assigned.Add(captured.Record with { CaseId = call.CaseId });
            }
            else
            {
                outside++;
            }
        }

        return new EtwAssignment(assigned, outside);
    }

    /// <summary>The call whose window holds <paramref name="timestamp"/> (windows of one thread never overlap).</summary>
    private static CallWindow? Find(CallWindow[] windows, long timestamp)
    {
        int low = 0;
        int high = windows.Length - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) / 2);
            var window = windows[middle];
            if (timestamp < window.StartQpc)
            {
                high = middle - 1;
            }
            else if (timestamp > window.EndQpc)
            {
                low = middle + 1;
            }
            else
            {
                return window;
            }
        }

        return null;
    }
}

/// <summary>Events with their case ids, and how many fell outside every call.</summary>
/// <param name="Events">Events assigned to a case, in delivery order.</param>
/// <param name="OutsideAnyCall">Events on another thread or between calls.</param>
public sealed record EtwAssignment(IReadOnlyList<TraceEventRecord> Events, int OutsideAnyCall);
